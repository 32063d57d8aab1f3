// Subscriptions through the real `graphql-ws` client (the one Apollo Client's
// GraphQLWsLink and urql's subscriptionExchange wrap), over the `ws` package,
// against a running server with the simulator on:
//
//   node tests/browser/subscriptions.mjs http://127.0.0.1:PORT/
//
// Checks: a simulator event arrives (metricsUpdated, with nested agents); a
// mutation sent over HTTP reaches an audit subscription filtered to its action
// (a subscription filtered to another action gets nothing from it); a query
// runs over the socket; a second connection_init is closed 4429; all of it
// on one socket, closed by the client at the end with a clean 1000. Prints
// one `OK` line, or FAIL lines and exit 1. Every wait is bounded.

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const TIMEOUT_MS = 30_000;
const [target] = process.argv.slice(2);
if (!target) {
  console.error('usage: node subscriptions.mjs http://127.0.0.1:PORT/');
  process.exit(2);
}
const base = new URL(target);
const httpUrl = new URL('/graphql', base).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The first `n` events of `subscription` on `client`, then it unsubscribes.
 * Only for subscriptions the server never completes: graphql-ws (6.4.2)
 * releases an operation twice when it is disposed in its `next` and its
 * `complete` is in the same read, and a non-lazy client whose locks drop to
 * zero that way closes its socket (1000) under the operations that follow.
 */
function take(client, subscription, n, variables = {}) {
  return new Promise((resolve, reject) => {
    const results = [];
    const dispose = client.subscribe(
      { query: subscription, variables },
      {
        next: (result) => {
          results.push(result);
          if (results.length === n) {
            dispose();
            resolve(results);
          }
        },
        error: reject,
        complete: () => resolve(results),
      },
    );
  });
}

/** The one result of a query over the socket: it ends with the server's `complete`. */
function result(client, query) {
  return new Promise((resolve, reject) => {
    const results = [];
    client.subscribe(
      { query },
      {
        next: (r) => results.push(r),
        error: reject,
        complete: () =>
          results.length === 1
            ? resolve(results[0])
            : reject(new Error(`${results.length} results, not one: ${JSON.stringify(results)}`)),
      },
    );
  });
}

/** What was thrown, in words: an Error's message, a close event's code and reason. */
function describe(err) {
  if (err instanceof Error) return err.message;
  if (typeof err?.code === 'number') {
    const clean = err.wasClean === false ? ', abnormally: no close frame came' : '';
    return `the socket closed ${err.code}${err.reason ? ` (${err.reason})` : ''}${clean}`;
  }
  return typeof err === 'string' ? err : JSON.stringify(err);
}

async function post(query, variables, headers = {}) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

// Signed in as an operator, as a dashboard would be.
const operators = await post('{ users(first: 1, filter: { role: [OPERATOR] }) { nodes { email } } }', {});
const email = operators.data?.users?.nodes?.[0]?.email;
const signedIn = email ? await post('mutation($email: String!) { signIn(email: $email) { token } }', { email }) : {};
const token = signedIn.data?.signIn?.token;
if (!token) {
  console.error(`FAIL subscriptions: cannot sign in as an operator: ${JSON.stringify(signedIn)}`);
  process.exit(1);
}

const closes = [];
let connections = 0;
let lost;
const client = createClient({
  url: wsUrl,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: 0,
  // One socket for the whole check: a lazy client closes its socket when
  // its last operation ends, and an operation started while that close is
  // under way ends with the 1000 close, silently (graphql-ws completes it).
  lazy: false,
  // A non-lazy client's socket failing with no operation running is told
  // here (console.error by default): the check reports it.
  onNonLazyError: (err) => {
    lost = err;
  },
  on: {
    connected: () => connections++,
    closed: (event) => closes.push(event),
  },
});

let ok = false;
try {
  // The simulator moves today's telemetry: an event with nested agents.
  const [live] = await within(
    take(client, 'subscription { metricsUpdated { at today { totalConversations } agents { name status } } }', 1),
    'a metricsUpdated event from the simulator',
  );
  const update = live.data?.metricsUpdated;
  if (live.errors || !update?.at || !(update.agents?.length > 0)) {
    throw new Error(`metricsUpdated: ${JSON.stringify(live)}`);
  }

  // A query over the socket: one result, then complete.
  const answer = await within(result(client, '{ viewer { role } meta { seed } }'), 'a query over the socket');
  if (answer.errors || !answer.data?.meta?.seed) throw new Error(`query: ${JSON.stringify(answer)}`);
  if (answer.data.viewer?.role !== 'OPERATOR') {
    throw new Error(`connectionParams did not sign in: ${JSON.stringify(answer)}`);
  }

  // A mutation over HTTP reaches a filtered audit subscription.
  {
    const agents = await post('{ agents(first: 100, filter: { status: [ACTIVE] }) { nodes { id } } }', {});
    const id = agents.data?.agents?.nodes?.[0]?.id;
    if (!id) throw new Error(`no active agent: ${JSON.stringify(agents)}`);
    const others = [];
    const disposeOthers = client.subscribe(
      { query: 'subscription { auditLogAdded(filter: { actions: [EXPORT_REQUESTED] }) { action } }' },
      { next: (r) => others.push(r), error: () => {}, complete: () => {} },
    );
    const stops = take(
      client,
      'subscription($id: ID!) { auditLogAdded(filter: { actions: [AGENT_STOPPED], targetIds: [$id] }) { action targetId actor { role } } }',
      1,
      { id },
    );
    // The server handles a socket's messages in order and answers a query
    // only after the subscriptions before it follow the store: a barrier.
    await within(result(client, '{ meta { seed } }'), 'a barrier query');
    const auth = { authorization: `Bearer ${token}` };
    const stop = 'mutation($id: ID!) { stopAgent(input: { id: $id }) { agent { status } } }';
    const stopped = await post(stop, { id }, auth);
    if (stopped.errors) throw new Error(`stopAgent: ${JSON.stringify(stopped)}`);
    const [event] = await within(stops, 'the stopAgent audit event');
    const entry = event.data?.auditLogAdded;
    if (event.errors || entry?.action !== 'AGENT_STOPPED' || entry.targetId !== id || entry.actor?.role !== 'OPERATOR') {
      throw new Error(`auditLogAdded: ${JSON.stringify(event)}`);
    }
    const started = await post('mutation($id: ID!) { startAgent(input: { id: $id }) { agent { status } } }', { id }, auth);
    if (started.errors) throw new Error(`startAgent: ${JSON.stringify(started)}`);
    disposeOthers();
    if (others.length > 0) throw new Error(`a subscription filtered to exports got ${JSON.stringify(others)}`);
  }

  // The protocol's own rule, on a raw socket: a second connection_init closes 4429.
  const code = await within(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'connection_init' }));
        ws.send(JSON.stringify({ type: 'connection_init' }));
      });
      ws.on('close', (c) => resolve(c));
      ws.on('error', reject);
    }),
    'the 4429 close',
  );
  if (code !== 4429) throw new Error(`a second connection_init closed ${code}, not 4429`);

  if (lost) throw lost;
  if (connections !== 1 || closes.length > 0) {
    const closed = closes.map(describe).join('; ') || 'none';
    throw new Error(`one socket expected; the client connected ${connections} times, closes: ${closed}`);
  }
  // The client's own close, answered by the server's: a clean 1000.
  const ended = new Promise((resolve) => client.on('closed', resolve));
  await client.dispose();
  const end = await within(ended, "the server's answer to the client's close");
  if (end.code !== 1000 || end.wasClean !== true) throw new Error(`ending the client: ${describe(end)}`);

  ok = true;
  console.log(
    `OK subscriptions ${wsUrl} (graphql-ws client): a simulator event, a query over the socket` +
      ', a mutation reaching its filtered subscription only' +
      ', 4429 on a second init, one socket closed cleanly',
  );
} catch (err) {
  console.error(`FAIL subscriptions ${wsUrl}: ${describe(err)}`);
} finally {
  await client.dispose();
}
process.exit(ok ? 0 : 1);
