// The WebAssembly engine's integrations, in Node: MSW's setupServer
// answering plain fetch() from the engine, Apollo Client over engineLink
// (queries, a mutation, a subscription, with the shipped type policies),
// urql over the engine's fetch and forwardSubscription and over
// engineExchange (with its cache in front), and the Storybook
// decorator rendering a story per scenario. No server runs: each answer
// comes from the module in this process, with the dataset's figures.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { ApolloClient, InMemoryCache, gql } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { prerenderStatic } from "@apollo/client/react/ssr";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { setupServer } from "msw/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { pipe, subscribe, take, toPromise } from "wonka";

import { possibleTypes, typePolicies } from "../../clients/apollo-type-policies.js";
import { ANCHOR } from "./support.mjs";

const { createEngine, ENGINE_ORIGIN } = await import("../../npm/agentmock/wasm/index.js");
const { agentmockHandlers } = await import("../../npm/agentmock/wasm/msw.js");
const { engineLink } = await import("../../npm/agentmock/wasm/apollo.js");
const { engineExchange } = await import("../../npm/agentmock/wasm/urql.js");
const { withAgentmock } = await import("../../npm/agentmock/wasm/storybook.js");

const TOKEN = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";
let engine;

before(async () => {
  engine = await createEngine({ now: ANCHOR });
});

after(() => engine?.dispose());

test("MSW's setupServer answers an app's fetch from the engine, on any origin", async () => {
  const server = setupServer(...agentmockHandlers(engine));
  server.listen({ onUnhandledRequest: "error" });
  try {
    // Nothing listens on this port: MSW answers.
    const response = await fetch("http://localhost:4999/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Agentmock-Scenario": "incident" },
      body: JSON.stringify({ query: "{ agents(filter: { status: [ERROR] }) { totalCount } meta { scenario } }" }),
    });
    assert.equal(response.status, 200);
    const { data } = await response.json();
    assert.deepEqual(data, { agents: { totalCount: 5 }, meta: { scenario: "incident" } });
    const sdl = await (await fetch("http://localhost:4999/schema.graphql")).text();
    assert.equal(sdl, engine.schema());
    const health = await (await fetch("http://app.test/healthz")).json();
    assert.equal(health.anchorTime, ANCHOR);
    // A refused request keeps the server's status and code.
    const refused = await fetch("http://localhost:4999/graphql", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    assert.equal(refused.status, 415);
  } finally {
    server.close();
  }
});

test("Apollo Client over engineLink: queries, a write without refetch, a subscription", async () => {
  const headers = { authorization: TOKEN, "X-Agentmock-Session": "apollo-wasm" };
  const client = new ApolloClient({ link: engineLink(engine, { headers }), cache: new InMemoryCache({ typePolicies, possibleTypes }) });
  const FLEET = gql`query Fleet { agents(first: 3) { totalCount edges { node { id name status } } } viewer { name role } }`;
  const fleet = await client.query({ query: FLEET });
  assert.equal(fleet.data.agents.totalCount, 20);
  assert.equal(fleet.data.viewer.name, "Jacob Shah");
  const first = fleet.data.agents.edges[0].node;

  const events = client.subscribe({ query: gql`subscription { agentUpdated { change agent { id name status } } }` });
  const received = new Promise((resolve, reject) => {
    const subscription = events.subscribe({
      next: (result) => {
        subscription.unsubscribe();
        resolve(result.data.agentUpdated);
      },
      error: reject,
    });
  });
  // The subscription follows the data once its first poll ran: a tick later.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const renamed = await client.mutate({
    mutation: gql`mutation Rename($id: ID!) { updateAgent(input: { id: $id, name: "Renamed In Process" }) { agent { id name } } }`,
    variables: { id: first.id },
  });
  assert.equal(renamed.data.updateAgent.agent.name, "Renamed In Process");
  // The cache took the write: the list reads the new name without a request.
  const cached = client.readQuery({ query: FLEET });
  assert.equal(cached.agents.edges[0].node.name, "Renamed In Process");
  const event = await received;
  assert.deepEqual(event, { __typename: "AgentUpdate", change: "UPDATED", agent: { __typename: "Agent", id: first.id, name: "Renamed In Process", status: first.status } });
  await client.stop?.();
});

test("urql over the engine's fetch and forwardSubscription", async () => {
  const headers = { authorization: TOKEN, "X-Agentmock-Session": "urql-wasm" };
  const client = new Client({
    url: `${ENGINE_ORIGIN}/graphql`,
    fetch: engine.fetch,
    fetchOptions: { headers },
    exchanges: [subscriptionExchange({ forwardSubscription: engine.forwardSubscription(headers) }), fetchExchange],
  });
  const result = await client.query("{ workspace { company } agents { totalCount } }", {}).toPromise();
  assert.equal(result.error, undefined);
  assert.equal(result.data.agents.totalCount, 20);
  assert.equal(typeof result.data.workspace.company, "string");

  const seen = [];
  const { unsubscribe } = pipe(
    client.subscription("subscription { agentUpdated { change agent { name } } }", {}),
    subscribe((result) => seen.push(result.data?.agentUpdated)),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const created = await client
    .mutation(`mutation { createAgent(input: { name: "Urql In Process", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { name } } }`, {})
    .toPromise();
  assert.equal(created.data.createAgent.agent.name, "Urql In Process");
  for (let i = 0; i < 50 && seen.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  unsubscribe();
  assert.deepEqual(seen[0], { change: "CREATED", agent: { name: "Urql In Process" } });
  // The write is the session's: the shared dataset still has 20 agents.
  const shared = await pipe(client.query("{ agents { totalCount } }", {}, { fetchOptions: {} }), take(1), toPromise);
  assert.equal(shared.data.agents.totalCount, 20);
});

test("the Storybook decorator renders each story in the scenario it names", async () => {
  const decorator = withAgentmock({ engine, typePolicies, possibleTypes });
  const COUNTS = gql`query Counts { agents { totalCount } errors: agents(filter: { status: [ERROR] }) { totalCount } meta { scenario } }`;
  function Fleet() {
    const { data } = useQuery(COUNTS);
    return data ? createElement("p", null, `${data.meta.scenario}: ${data.agents.totalCount} agents, ${data.errors.totalCount} in error`) : createElement("p", null, "loading");
  }
  const render = async (parameters) => {
    const { result } = await prerenderStatic({ tree: decorator(Fleet, { parameters }), renderFunction: renderToStaticMarkup });
    return result;
  };
  assert.equal(await render({ agentmock: { scenario: "incident" } }), "<p>incident: 20 agents, 5 in error</p>");
  assert.equal(await render({ agentmock: { scenario: "empty" } }), "<p>empty: 0 agents, 0 in error</p>");
  assert.equal(await render({}), "<p>default: 20 agents, 2 in error</p>");
  assert.equal(await render({ agentmock: { scenario: "default", seed: 7 } }).then((html) => /^<p>default: \d+ agents/.test(html)), true);
});

test("urql with engineExchange: the cache in front, every operation in process", async () => {
  const headers = { authorization: TOKEN, "X-Agentmock-Session": "urql-exchange" };
  // The URL is never reached: the exchange sends everything to the engine.
  const client = new Client({ url: "http://unused.invalid/graphql", exchanges: [cacheExchange, engineExchange(engine, { headers })] });
  const viewer = await client.query("{ viewer { name role } agents { totalCount } }", {}).toPromise();
  assert.equal(viewer.error, undefined);
  assert.deepEqual(viewer.data.viewer, { __typename: "User", name: "Jacob Shah", role: "OPERATOR" });
  assert.equal(viewer.data.agents.totalCount, 20);

  const seen = [];
  const { unsubscribe } = pipe(
    client.subscription("subscription { agentUpdated { change agent { id name } } }", {}),
    subscribe((result) => seen.push(result.data?.agentUpdated)),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const created = await client
    .mutation(`mutation { createAgent(input: { name: "Exchange Bot", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { id name } } }`, {})
    .toPromise();
  assert.equal(created.data.createAgent.agent.name, "Exchange Bot");
  for (let i = 0; i < 50 && seen.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  unsubscribe();
  assert.equal(seen[0].change, "CREATED");
  assert.equal(seen[0].agent.id, created.data.createAgent.agent.id);
  // The write was the session's (the token's operator made it); the count there is 21.
  const after = await client.query("{ agents { totalCount } }", {}, { requestPolicy: "network-only" }).toPromise();
  assert.equal(after.data.agents.totalCount, 21);
});
