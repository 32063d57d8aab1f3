// Apollo Client against agentmock, with the shipped cache configuration
// (clients/apollo-type-policies.js): every example tab of the playground
// twice, navigating between them, without a "Cache data may be lost"
// warning (or any other) and without a network request on the second
// visit; and relayStylePagination paging one connection with fetchMore.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { loadDevMessages, loadErrorMessages } from "@apollo/client/dev";

import { possibleTypes, typePolicies } from "../../clients/apollo-type-policies.js";
import {
  SCREEN_A,
  SCREEN_B,
  countingFetch,
  exampleTabs,
  recordWarnings,
  startServer,
  typenames,
  visitTabsTwice,
} from "./support.mjs";

// Apollo's warnings as text, not as numbered links.
loadDevMessages();
loadErrorMessages();

let server;
let tabs;

before(async () => {
  server = await startServer();
  tabs = await exampleTabs(server.url);
});

after(() => server?.stop());

/** A client with the shipped configuration; `headers` on every request. */
function client(headers = {}, cache = new InMemoryCache({ typePolicies, possibleTypes })) {
  const counter = countingFetch();
  const apollo = new ApolloClient({
    link: new HttpLink({ uri: server.graphql, fetch: counter.fetch, headers }),
    cache,
  });
  return { apollo, requests: counter.requests };
}

/** Tabs that read (subscriptions and mutations run elsewhere). */
function queryTabs() {
  return tabs.filter((t) => t.kind === "query");
}

/** Whether a tab asks for injected faults (they are per request: never cached). */
function injectsFaults(tab) {
  return Object.keys(tab.headers).some((h) => /^x-agentmock-(fault|latency)$/i.test(h));
}

test("the dev build of Apollo Client is loaded, so its cache warnings can show", () => {
  const warnings = recordWarnings();
  try {
    // An unidentified object replaced by a different one under the same
    // field: the warning this suite must never see on agentmock's types.
    const cache = new InMemoryCache();
    const write = (data) =>
      cache.writeQuery({ query: gql`{ thing { a b } }`, data: { thing: { __typename: "Thing", ...data } } });
    cache.writeQuery({ query: gql`{ thing { a } }`, data: { thing: { __typename: "Thing", a: 1 } } });
    write({ a: 2, b: 3 });
    cache.writeQuery({ query: gql`{ thing { b } }`, data: { thing: { __typename: "Thing", b: 4 } } });
  } finally {
    warnings.restore();
  }
  assert.ok(
    warnings.seen.some((w) => w.includes("Cache data may be lost")),
    `the control case warns (run node with --conditions=development): ${warnings.seen}`,
  );
});

test("every example tab twice: the second visit comes from the cache, with no warning", { timeout: 120_000 }, async () => {
  const cacheable = queryTabs().filter((t) => !injectsFaults(t));
  assert.ok(cacheable.length >= 11, `${cacheable.length} query tabs`);
  const warnings = await visitTabsTwice(cacheable, client, ({ apollo }, tab) =>
    apollo.query({ query: gql(tab.query), variables: tab.variables, fetchPolicy: "cache-first" }),
  );
  assert.deepEqual(warnings, [], "no warning from Apollo Client");
});

test("a tab with an injected fault answers its other panels, and is not served from the cache", { timeout: 60_000 }, async () => {
  const faulted = queryTabs().filter(injectsFaults);
  assert.ok(faulted.length >= 1, "a faults tab");
  for (const tab of faulted) {
    const { apollo, requests } = client(tab.headers);
    for (const visit of [1, 2]) {
      const result = await apollo.query({
        query: gql(tab.query),
        variables: tab.variables,
        errorPolicy: "all",
        fetchPolicy: "network-only",
      });
      assert.ok(result.error, `${tab.name}: the injected error reaches the client`);
      assert.ok(result.data?.analytics?.kpis, `${tab.name}: the other panels answer`);
      assert.equal(requests.length, visit, `${tab.name}: each visit asks the server`);
    }
  }
});

/** Visits screen A, screen B, A, B; gives the warnings and requests. */
async function twoScreens(apollo, requests) {
  const warnings = recordWarnings();
  const answers = [];
  try {
    for (const visit of [1, 2]) {
      for (const screen of [SCREEN_A, SCREEN_B]) {
        const before = requests.length;
        const result = await apollo.query({ query: gql(screen) });
        answers.push(result.data);
        if (visit === 2) assert.equal(requests.length, before, `no request on the second visit (${requests})`);
      }
    }
  } finally {
    warnings.restore();
  }
  return { warnings: warnings.seen, answers };
}

test("two screens select different fields of every value object: merged, not replaced", { timeout: 60_000 }, async () => {
  const { apollo, requests } = client();
  const { warnings, answers } = await twoScreens(apollo, requests);
  assert.deepEqual(warnings, [], "no warning from Apollo Client");
  assert.deepEqual(requests, ["ScreenA", "ScreenB"]);
  assert.deepEqual(answers[2], answers[0]);
  assert.deepEqual(answers[3], answers[1]);
  // The screens cover every merged value object the configuration declares.
  const seen = typenames(answers);
  const merged = Object.entries(typePolicies)
    .filter(([, policy]) => policy.merge === true)
    .map(([name]) => name)
    .sort();
  assert.deepEqual(merged.filter((t) => !seen.has(t)), [], "the screens select every value object");
});

test("without the shipped typePolicies, the same screens lose cache data", { timeout: 60_000 }, async () => {
  const { apollo, requests } = client({}, new InMemoryCache({ possibleTypes }));
  const warnings = recordWarnings();
  try {
    for (const screen of [SCREEN_A, SCREEN_B, SCREEN_A]) await apollo.query({ query: gql(screen) });
  } finally {
    warnings.restore();
  }
  assert.ok(warnings.seen.some((w) => w.includes("Cache data may be lost")), `${warnings.seen}`);
  assert.equal(requests.length, 3, "the first screen is fetched again");
});

const LEADERBOARD = gql`
  query Leaderboard($after: String) {
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
  }
`;

test("fetchMore pages a connection with relayStylePagination: ranks continue, figures follow the order", { timeout: 60_000 }, async () => {
  const { apollo, requests } = client();
  // As a component would: watch the query, then ask for more.
  const watched = apollo.watchQuery({ query: LEADERBOARD });
  const waiting = [];
  const shows = (rows) => new Promise((resolve) => waiting.push({ rows, resolve }));
  const subscription = watched.subscribe((result) => {
    const rows = result.data?.agents?.edges.length;
    for (const w of waiting.filter((w) => w.rows === rows)) w.resolve(result.data);
  });
  const first = await shows(10);
  assert.equal(first.agents.pageInfo.hasNextPage, true);
  const both = shows(20);
  await watched.fetchMore({ variables: { after: first.agents.pageInfo.endCursor } });
  // The watching component shows both pages.
  await both;
  subscription.unsubscribe();
  const merged = apollo.readQuery({ query: LEADERBOARD });
  const edges = merged.agents.edges;
  assert.equal(edges.length, 20, "two pages merged into one list");
  assert.equal(merged.agents.totalCount, 20);
  assert.equal(merged.agents.pageInfo.hasNextPage, false);
  assert.deepEqual(
    edges.map((e) => e.rank),
    Array.from({ length: 20 }, (_, i) => i + 1),
    "page two continues the numbering",
  );
  const costs = edges.map((e) => e.summary.totalCost);
  assert.ok(
    costs.every((c, i) => i === 0 || costs[i - 1] >= c),
    `the figures shown are the ones ranked by: ${costs}`,
  );
  // The pinned dataset's costliest agent over the last 7 days, and the same
  // list in one request.
  assert.equal(edges[0].node.name, "Document Analyzer 40");
  const whole = await (
    await fetch(server.graphql, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "{ agents(range: { lastDays: 7 }, orderBy: { measure: COST }, first: 20) { edges { rank node { id } summary { totalCost } } } }",
      }),
    })
  ).json();
  assert.deepEqual(
    edges.map((e) => [e.rank, e.node.id, e.summary.totalCost]),
    whole.data.agents.edges.map((e) => [e.rank, e.node.id, e.summary.totalCost]),
  );
  assert.deepEqual(requests, ["Leaderboard", "Leaderboard"], "the first page once, then the second");
});

test("the mutation tab's payloads update what the cache already shows, by id", { timeout: 60_000 }, async () => {
  const tab = tabs.find((t) => t.kind === "mutation" && /stopAgent/.test(t.query));
  assert.ok(tab, "the act-on-an-agent tab");
  const { apollo, requests } = client(tab.headers);
  const AGENT = gql`
    query Agent($id: ID!) {
      agent(id: $id) { id status statusReason config { temperature } statusHistory { id status } }
    }
  `;
  const variables = { id: tab.variables.id };
  const before = await apollo.query({ query: AGENT, variables });
  const warnings = recordWarnings();
  try {
    const result = await apollo.mutate({ mutation: gql(tab.query), variables: tab.variables });
    assert.equal(result.error, undefined, `${result.error}`);
  } finally {
    warnings.restore();
  }
  assert.deepEqual(warnings.seen, [], "no warning writing the payloads");
  // Read from the cache only: the payloads' agent was merged into the cached one.
  const cached = apollo.readQuery({ query: AGENT, variables });
  assert.equal(cached.agent.config.temperature, 0.3);
  assert.equal(cached.agent.statusHistory.length, before.data.agent.statusHistory.length + 2, "a stop and a start");
  assert.deepEqual(requests, ["Agent", "ActOnAnAgent"]);
  const fresh = await apollo.query({ query: AGENT, variables, fetchPolicy: "network-only" });
  assert.deepEqual(cached, fresh.data, "the cache holds what the server now says");
});
