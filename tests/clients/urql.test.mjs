// urql with Graphcache against agentmock, with the shipped cache
// configuration (clients/urql-keys.js) and the committed schema: every
// example tab of the playground twice, navigating between them, without a
// Graphcache warning and without a network request on the second visit;
// and relayPagination paging one connection.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { buildSchema, introspectionFromSchema } from "graphql";
import { Client, fetchExchange } from "urql";
import { cacheExchange } from "@urql/exchange-graphcache";

import { keys, resolvers } from "../../clients/urql-keys.js";
import {
  SCREEN_A,
  SCREEN_B,
  committedSchema,
  countingFetch,
  exampleTabs,
  mergedValueTypes,
  recordWarnings,
  startServer,
  visitTabsTwice,
} from "./support.mjs";

// The schema Graphcache is given: the committed SDL's introspection (it
// tells Graphcache what a union holds and which fields may be null).
const schema = introspectionFromSchema(buildSchema(committedSchema()));

let server;
let tabs;

before(async () => {
  server = await startServer();
  tabs = await exampleTabs(server.url);
});

after(() => server?.stop());

/** A client with the shipped configuration; `headers` on every request. */
function client(headers = {}, config = { schema, keys, resolvers }) {
  const counter = countingFetch();
  const urql = new Client({
    url: server.graphql,
    exchanges: [cacheExchange(config), fetchExchange],
    fetch: counter.fetch,
    fetchOptions: { headers },
    requestPolicy: "cache-first",
  });
  return { urql, requests: counter.requests };
}

function injectsFaults(tab) {
  return Object.keys(tab.headers).some((h) => /^x-agentmock-(fault|latency)$/i.test(h));
}

test("every example tab twice: the second visit comes from the cache, with no warning", { timeout: 120_000 }, async () => {
  const cacheable = tabs.filter((t) => t.kind === "query" && !injectsFaults(t));
  assert.ok(cacheable.length >= 11, `${cacheable.length} query tabs`);
  const warnings = await visitTabsTwice(cacheable, client, async ({ urql }, tab) => {
    const result = await urql.query(tab.query, tab.variables).toPromise();
    assert.ok(!result.stale, `${tab.name}: a complete answer, not a stale one refetched behind it`);
    return result;
  });
  assert.deepEqual(warnings, [], "no warning from Graphcache");
});

/** Visits screen A, screen B, A, B; gives the warnings, requests and answers. */
async function twoScreens(urql, requests) {
  const warnings = recordWarnings();
  const answers = [];
  try {
    for (const screen of [SCREEN_A, SCREEN_B, SCREEN_A, SCREEN_B]) {
      const result = await urql.query(screen, {}).toPromise();
      assert.equal(result.error, undefined, `${result.error}`);
      answers.push(result.data);
    }
  } finally {
    warnings.restore();
  }
  return { warnings: warnings.seen, answers };
}

test("two screens select different fields of every value object: embedded and merged", { timeout: 60_000 }, async () => {
  const { urql, requests } = client();
  const { warnings, answers } = await twoScreens(urql, requests);
  assert.deepEqual(warnings, [], "no warning from Graphcache");
  assert.deepEqual(requests, ["ScreenA", "ScreenB"], "the second visits come from the cache");
  assert.deepEqual(answers[2], answers[0]);
  assert.deepEqual(answers[3], answers[1]);
  // (The Apollo suite checks that the screens select every value object.)
  const merged = mergedValueTypes();
  assert.ok(merged.length >= 10, `${merged}`);
  assert.deepEqual(merged.filter((t) => !(t in keys)), [], "keys embed every merged value object");
});

test("without the shipped keys, Graphcache warns about the value objects", { timeout: 60_000 }, async () => {
  const { urql, requests } = client({}, { schema, resolvers });
  const { warnings } = await twoScreens(urql, requests);
  assert.ok(warnings.some((w) => w.includes("no key could be generated")), `${warnings}`);
});

const LEADERBOARD = `query Leaderboard($after: String) {
  agents(range: { lastDays: 7 }, orderBy: { measure: COST }, first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      rank
      node { id name }
      summary { id totalCost }
    }
  }
}`;

test("relayPagination merges the pages of a connection: ranks continue, figures follow the order", { timeout: 60_000 }, async () => {
  const { urql, requests } = client();
  const first = await urql.query(LEADERBOARD, {}).toPromise();
  assert.equal(first.data.agents.edges.length, 10);
  const more = await urql.query(LEADERBOARD, { after: first.data.agents.pageInfo.endCursor }).toPromise();
  const edges = more.data.agents.edges;
  assert.equal(edges.length, 20, "the pages merged into one list");
  assert.equal(more.data.agents.pageInfo.hasNextPage, false);
  assert.deepEqual(
    edges.map((e) => e.rank),
    Array.from({ length: 20 }, (_, i) => i + 1),
    "page two continues the numbering",
  );
  const costs = edges.map((e) => e.summary.totalCost);
  assert.ok(costs.every((c, i) => i === 0 || costs[i - 1] >= c), `the figures shown are the ones ranked by: ${costs}`);
  assert.equal(edges[0].node.name, "Document Analyzer 40");
  // The first page again: the merged list, from the cache.
  const again = await urql.query(LEADERBOARD, {}).toPromise();
  assert.equal(again.data.agents.edges.length, 20);
  assert.deepEqual(requests, ["Leaderboard", "Leaderboard"]);
});

test("the mutation tab's payloads update what the cache already shows, by id", { timeout: 60_000 }, async () => {
  const tab = tabs.find((t) => t.kind === "mutation" && /stopAgent/.test(t.query));
  assert.ok(tab, "the act-on-an-agent tab");
  const { urql, requests } = client(tab.headers);
  const AGENT = `query Agent($id: ID!) {
    agent(id: $id) { id status statusReason config { temperature } statusHistory { id status } }
  }`;
  const variables = { id: tab.variables.id };
  const before = await urql.query(AGENT, variables).toPromise();
  const warnings = recordWarnings();
  try {
    const result = await urql.mutation(tab.query, tab.variables).toPromise();
    assert.equal(result.error, undefined, `${result.error}`);
  } finally {
    warnings.restore();
  }
  assert.deepEqual(warnings.seen, [], "no warning writing the payloads");
  const cached = await urql.query(AGENT, variables).toPromise();
  assert.equal(cached.data.agent.config.temperature, 0.3);
  assert.equal(cached.data.agent.statusHistory.length, before.data.agent.statusHistory.length + 2);
  assert.deepEqual(requests, ["Agent", "ActOnAnAgent"], "the agent is read from the cache after the writes");
  const fresh = await urql.query(AGENT, variables, { requestPolicy: "network-only" }).toPromise();
  assert.deepEqual(cached.data, fresh.data, "the cache holds what the server now says");
});
