// Subscriptions through the real clients, over graphql-ws
// (`graphql-transport-ws`): Apollo Client's GraphQLWsLink, urql's
// subscriptionExchange, and the graphql-ws client itself. Each client has
// a session of its own (X-Agentmock-Session over HTTP, the same key in
// connectionParams), so the anchor stays pinned and the only events are
// the writes each test makes: an operator stops an agent over HTTP, the
// subscription delivers the change, and the normalized cache shows the
// agent's new status without a refetch.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { buildSchema, introspectionFromSchema } from "graphql";
import { createClient } from "graphql-ws";
import { Client, fetchExchange, subscriptionExchange } from "urql";
import { cacheExchange } from "@urql/exchange-graphcache";
import WebSocket from "ws";

import { possibleTypes, typePolicies } from "../../clients/apollo-type-policies.js";
import { keys, resolvers } from "../../clients/urql-keys.js";
import { committedSchema, startServer } from "./support.mjs";

/** Jacob Shah, an operator (README: "Signing in"): may stop and start agents. */
const OPERATOR = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";
/** The first active agent by name at seed 12345 and the pinned anchor. */
const AGENT_NAME = "Customer Support Bot 53";
const TIMEOUT_MS = 20_000;

let server;
let wsUrl;
let agentId;

before(async () => {
  server = await startServer();
  wsUrl = server.graphql.replace(/^http/, "ws");
  const answer = await post(
    "{ agents(first: 1, filter: { status: [ACTIVE] }, orderBy: { field: NAME }) { nodes { id name } } }",
  );
  ({ id: agentId } = answer.data.agents.nodes[0]);
  assert.equal(answer.data.agents.nodes[0].name, AGENT_NAME);
});

after(() => server?.stop());

async function post(query, variables = {}, headers = {}) {
  const response = await fetch(server.graphql, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** Stops (or starts) the agent in `session`, as an operator, over HTTP. */
async function act(session, mutation) {
  const answer = await post(
    `mutation($id: ID!) { ${mutation}(input: { id: $id }) { agent { id status } } }`,
    { id: agentId },
    { authorization: OPERATOR, "X-Agentmock-Session": session },
  );
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data[mutation].agent.status;
}

/** Settles within TIMEOUT_MS or fails naming `what`. */
function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A graphql-ws client over `ws`, in `session`, acknowledged before it resolves. */
async function wsClient(session, extra = {}) {
  let acknowledged;
  const ack = new Promise((resolve) => (acknowledged = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { "X-Agentmock-Session": session, authorization: OPERATOR, ...extra },
    retryAttempts: 0,
    lazy: false,
    on: { connected: (_socket, payload) => acknowledged(payload) },
  });
  const payload = await within(ack, "connection_ack");
  return { client, payload };
}

/** The first result of an urql source, then it unsubscribes. */
function firstResult(source) {
  return new Promise((resolve) => {
    const { unsubscribe } = source.subscribe((result) => {
      queueMicrotask(() => unsubscribe());
      resolve(result);
    });
  });
}

const STATUS_CHANGED = `subscription StatusChanged($id: ID!) {
  agentStatusChanged(agentId: $id) { from to agent { id name status } change { status reason automatic } }
}`;

test("graphql-ws: the ack says what fires; a write in the session reaches its subscription, not another session's", async () => {
  const mine = await wsClient("ws-direct");
  const theirs = await wsClient("ws-other");
  try {
    // A pinned anchor: nothing moves but the session's own writes, and the ack says so.
    assert.equal(mine.payload.agentmock.simulator, false);
    assert.equal(mine.payload.agentmock.now, "2025-01-19T14:00:00Z");
    assert.match(mine.payload.agentmock.subscriptionsFire, /^on writes only/);
    const seenByOthers = [];
    const disposeOthers = theirs.client.subscribe(
      { query: STATUS_CHANGED, variables: { id: agentId } },
      { next: (r) => seenByOthers.push(r), error: () => {}, complete: () => {} },
    );
    const event = new Promise((resolve, reject) => {
      const dispose = mine.client.subscribe(
        { query: STATUS_CHANGED, variables: { id: agentId } },
        { next: (r) => (dispose(), resolve(r)), error: reject, complete: () => {} },
      );
    });
    // A query over each socket after its subscribe: the server answers it
    // once the subscription before it follows the store.
    for (const { client } of [mine, theirs]) {
      await within(
        new Promise((resolve, reject) =>
          client.subscribe({ query: "{ meta { seed } }" }, { next: () => {}, error: reject, complete: resolve }),
        ),
        "a barrier query",
      );
    }
    assert.equal(await act("ws-direct", "stopAgent"), "INACTIVE");
    const { data, errors } = await within(event, "agentStatusChanged");
    assert.equal(errors, undefined);
    assert.deepEqual(data.agentStatusChanged, {
      from: "ACTIVE",
      to: "INACTIVE",
      agent: { id: agentId, name: AGENT_NAME, status: "INACTIVE" },
      change: { status: "INACTIVE", reason: "Stopped by Jacob Shah", automatic: false },
    });
    await new Promise((r) => setTimeout(r, 300));
    disposeOthers();
    assert.deepEqual(seenByOthers, [], "another session's subscription saw nothing");
  } finally {
    await mine.client.dispose();
    await theirs.client.dispose();
  }
});

test("Apollo Client: GraphQLWsLink delivers the event and the cache shows the new status without a refetch", async () => {
  const session = "apollo-ws";
  const { client: ws } = await wsClient(session);
  let requests = 0;
  const http = new HttpLink({
    uri: server.graphql,
    headers: { "X-Agentmock-Session": session },
    fetch: (...args) => ((requests += 1), fetch(...args)),
  });
  // Subscriptions over the socket, everything else over HTTP: Apollo's split.
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === "OperationDefinition" && definition.operation === "subscription";
    },
    new GraphQLWsLink(ws),
    http,
  );
  const apollo = new ApolloClient({ link, cache: new InMemoryCache({ typePolicies, possibleTypes }) });
  const AGENT = gql`query Agent($id: ID!) { agent(id: $id) { id name status } }`;
  try {
    const shown = await apollo.query({ query: AGENT, variables: { id: agentId } });
    assert.equal(shown.data.agent.status, "ACTIVE");
    const event = new Promise((resolve, reject) => {
      const subscription = apollo.subscribe({ query: gql(STATUS_CHANGED), variables: { id: agentId } }).subscribe({
        next: (result) => (subscription.unsubscribe(), resolve(result)),
        error: reject,
      });
    });
    await within(
      new Promise((resolve, reject) =>
        ws.subscribe({ query: "{ meta { seed } }" }, { next: () => {}, error: reject, complete: resolve }),
      ),
      "a barrier query",
    );
    assert.equal(await act(session, "stopAgent"), "INACTIVE");
    const result = await within(event, "the event through GraphQLWsLink");
    assert.equal(result.data.agentStatusChanged.to, "INACTIVE");
    assert.equal(result.data.agentStatusChanged.agent.name, AGENT_NAME);
    // The event's agent (by id) was written into the normalized cache.
    const cached = apollo.readQuery({ query: AGENT, variables: { id: agentId } });
    assert.deepEqual(cached.agent, { __typename: "Agent", id: agentId, name: AGENT_NAME, status: "INACTIVE" });
    assert.equal(requests, 1, "one HTTP request: the first query; the subscription went over the socket");
  } finally {
    apollo.stop();
    await ws.dispose();
  }
});

test("urql: subscriptionExchange over graphql-ws feeds Graphcache; the cached agent moves with the event", async () => {
  const session = "urql-ws";
  const { client: ws } = await wsClient(session);
  const schema = introspectionFromSchema(buildSchema(committedSchema()));
  const urql = new Client({
    url: server.graphql,
    fetchOptions: { headers: { "X-Agentmock-Session": session } },
    requestPolicy: "cache-first",
    exchanges: [
      cacheExchange({ schema, keys, resolvers }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
  });
  const AGENT = "query Agent($id: ID!) { agent(id: $id) { id name status } }";
  try {
    const first = await urql.query(AGENT, { id: agentId }).toPromise();
    assert.equal(first.data.agent.status, "ACTIVE");
    const event = firstResult(urql.subscription(STATUS_CHANGED, { id: agentId }));
    await within(
      new Promise((resolve, reject) =>
        ws.subscribe({ query: "{ meta { seed } }" }, { next: () => {}, error: reject, complete: resolve }),
      ),
      "a barrier query",
    );
    assert.equal(await act(session, "stopAgent"), "INACTIVE");
    const result = await within(event, "the event through subscriptionExchange");
    assert.equal(result.error, undefined, `${result.error}`);
    assert.deepEqual(
      [result.data.agentStatusChanged.from, result.data.agentStatusChanged.to, result.data.agentStatusChanged.agent.name],
      ["ACTIVE", "INACTIVE", AGENT_NAME],
    );
    // Graphcache wrote the event's agent by id: the cached query shows it.
    const cached = urql.readQuery(AGENT, { id: agentId });
    assert.equal(cached?.data?.agent?.status, "INACTIVE");
    // A second event (started again) in the same way.
    const again = firstResult(urql.subscription(STATUS_CHANGED, { id: agentId }));
    await within(
      new Promise((resolve, reject) =>
        ws.subscribe({ query: "{ meta { seed } }" }, { next: () => {}, error: reject, complete: resolve }),
      ),
      "a barrier query",
    );
    assert.equal(await act(session, "startAgent"), "ACTIVE");
    assert.equal((await within(again, "the second event")).data.agentStatusChanged.to, "ACTIVE");
    assert.equal(urql.readQuery(AGENT, { id: agentId })?.data?.agent?.status, "ACTIVE");
  } finally {
    await ws.dispose();
  }
});
