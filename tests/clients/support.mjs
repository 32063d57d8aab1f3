// What the client suites share: an agentmock server of their own (the
// binary named by AGENTMOCK_BIN, default target/debug/agentmock) on a free
// loopback port with a pinned anchor, the playground's example tabs as it
// serves them, a fetch that counts requests, and a console that records
// warnings.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The anchor every suite pins, so figures are the same on every run. */
export const ANCHOR = "2025-01-19T14:00:00Z";

/** The committed SDL, as clients would read it. */
export function committedSchema() {
  return readFileSync(path.join(root, "schema.graphql"), "utf8");
}

/**
 * Starts agentmock on 127.0.0.1 with a port the OS picks; resolves to
 * `{ url, graphql, stop }` once it listens. It is stopped when the suite
 * ends, and when this process exits whatever the reason.
 */
export async function startServer(extraArgs = []) {
  const bin = path.resolve(root, process.env.AGENTMOCK_BIN ?? "target/debug/agentmock");
  const args = ["--host", "127.0.0.1", "--port", "0", "--now", ANCHOR, "--log", "warn", ...extraArgs];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const found = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql/);
      if (found) resolve(found[1]);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${bin} exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    graphql: `${url}/graphql`,
    stop: () =>
      new Promise((resolve) => {
        process.removeListener("exit", kill);
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** The playground's example tabs as the server fills them in. */
export async function exampleTabs(url) {
  const page = await (await fetch(`${url}/`)).text();
  const found = page.match(/<script id="playground-config" type="application\/json">([\s\S]*?)<\/script>/);
  if (!found) throw new Error("no playground config in the page");
  return JSON.parse(found[1]).examples.map((tab) => ({
    ...tab,
    headers: tab.headers ? JSON.parse(tab.headers) : {},
    variables: tab.variables ? JSON.parse(tab.variables) : {},
    kind: tab.query.match(/^(query|mutation|subscription)\b/m)?.[1],
  }));
}

/** A fetch that records each GraphQL request's operation name. */
export function countingFetch() {
  const requests = [];
  const counted = (input, init) => {
    // POST (Apollo) names the operation in its body, GET (urql's short
    // queries) in its URL.
    let name = new URL(String(input)).searchParams.get("operationName") ?? "?";
    try {
      name = JSON.parse(init?.body ?? "{}").operationName ?? name;
    } catch {
      // A body that is not JSON still counts.
    }
    requests.push(name);
    return fetch(input, init);
  };
  return { fetch: counted, requests };
}

/**
 * Records console warnings and errors (Apollo's invariant warnings and
 * Graphcache's warnings go there) until `restore()`.
 */
export function recordWarnings() {
  const seen = [];
  const saved = { warn: console.warn, error: console.error };
  for (const level of ["warn", "error"]) {
    console[level] = (...args) => {
      seen.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    };
  }
  return {
    seen,
    restore: () => Object.assign(console, saved),
  };
}

/**
 * Two screens that select different fields of the same value objects
 * (every type the configuration merges) under the same parents: a cache
 * must merge them, not replace one with the other.
 */
export const SCREEN_A = `query ScreenA {
  meta { id window { start } counts { agents } }
  workspace { id budget { month remaining } }
  analytics {
    id
    kpis(range: { lastDays: 7 }) { id range { from } latency { p50 } deltas { totalCost } }
  }
  agents(first: 2, filter: { status: [ERROR] }) {
    pageInfo { hasNextPage }
    edges { cursor node { id config { temperature } metrics { successRate } incident { cause } } }
  }
  conversations(first: 20) { nodes { id messages { id feedback { rating } } } }
}`;

export const SCREEN_B = `query ScreenB {
  meta { id window { days } counts { users } }
  workspace { id budget { onTrack } }
  analytics {
    id
    kpis(range: { lastDays: 7 }) { id range { days } latency { p95 } deltas { failed } }
  }
  agents(first: 2, filter: { status: [ERROR] }) {
    pageInfo { endCursor }
    edges { cursor node { id config { maxTokens } metrics { totalConversations } incident { onset } } }
  }
  conversations(first: 20) { nodes { id messages { id feedback { comment createdAt } } } }
}`;

/** Every `__typename` in some answers. */
export function typenames(values, seen = new Set()) {
  for (const value of values) {
    if (Array.isArray(value)) typenames(value, seen);
    else if (value && typeof value === "object") {
      if (typeof value.__typename === "string") seen.add(value.__typename);
      typenames(Object.values(value), seen);
    }
  }
  return seen;
}

/**
 * The value objects clients merge, as the generated files declare them
 * (the Value::Merged group of src/graphql/ids.rs's VALUE_TYPES).
 */
export function mergedValueTypes() {
  const text = readFileSync(path.join(root, "clients/apollo-type-policies.js"), "utf8");
  return [...text.matchAll(/^  (\w+): \{ keyFields: false, merge: true \},$/gm)].map((m) => m[1]).sort();
}

/**
 * Visits every tab twice, in order, as a user navigating between screens
 * would: one cache per dataset (a tab that picks another dataset by header
 * gets a client of its own, from `client(headers)`, which gives `{ requests
 * }` and what `ask(made, tab)` needs). The first visit makes one request
 * per tab; the second none, with the same answer. `ask` resolves to
 * `{ data, error }` and checks whatever else its client promises. Gives
 * the warnings recorded meanwhile.
 */
export async function visitTabsTwice(tabs, client, ask) {
  const clients = new Map();
  const clientFor = (tab) => {
    const key = JSON.stringify(tab.headers);
    if (!clients.has(key)) clients.set(key, client(tab.headers));
    return clients.get(key);
  };
  const warnings = recordWarnings();
  const first = new Map();
  try {
    for (const visit of [1, 2]) {
      for (const tab of tabs) {
        const made = clientFor(tab);
        const before = made.requests.length;
        const result = await ask(made, tab);
        assert.equal(result.error, undefined, `${tab.name}: ${result.error}`);
        assert.ok(result.data && Object.keys(result.data).length > 0, `${tab.name}: data`);
        if (visit === 1) {
          assert.equal(made.requests.length, before + 1, `${tab.name}: one request on the first visit`);
          first.set(tab.name, result.data);
        } else {
          assert.equal(made.requests.length, before, `${tab.name}: no request on the second visit (${made.requests})`);
          assert.deepEqual(result.data, first.get(tab.name), `${tab.name}: the same answer from the cache`);
        }
      }
    }
  } finally {
    warnings.restore();
  }
  return warnings.seen;
}
