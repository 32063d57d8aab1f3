// The WebAssembly engine (npm/agentmock/wasm, built by wasm/build.sh)
// against the native binary, both at the pinned anchor with the same
// public URL, hosts and origins: every answer must be the server's, byte
// for byte (status, headers but the date, body). The corpus: every
// playground example tab in every scenario, requests the server refuses,
// per-request seeds, anchors, faults and latency, a generated corpus of
// queries over the schema (aliases, fragments, directives, errors), writes
// in a session followed by reads, and subscriptions (the engine's results
// against graphql-ws over the server's WebSocket).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { existsSync } from "node:fs";

import { buildSchema, getNamedType, isAbstractType, isLeafType, isNonNullType, isObjectType } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { ANCHOR, exampleTabs, startServer } from "./support.mjs";

const engineDir = new URL("../../npm/agentmock/wasm/engine/agentmock_engine_bg.wasm", import.meta.url);
if (!existsSync(engineDir)) {
  throw new Error("no WebAssembly engine in npm/agentmock/wasm/engine: build it first (wasm/build.sh)");
}
const { createEngine, EngineError } = await import("../../npm/agentmock/wasm/index.js");

/**
 * What both answer with: no host or origin is refused (the engine's
 * default); the engine takes the server's URL as its public one, so links
 * in answers (avatars, exports) read the same.
 */
const SHARED = ["--allowed-hosts", "*", "--cors-origins", "*", "--max-ws-queue-bytes", "65536"];
const TOKEN = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";

let server;
let engine;

before(async () => {
  server = await startServer(SHARED);
  engine = await createEngine({ now: ANCHOR, publicUrl: server.url, args: SHARED });
});

after(async () => {
  engine?.dispose();
  await server?.stop();
});

/** Headers a connection adds on its own (and the date), left out of the comparison. */
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

async function read(response) {
  const headers = [...response.headers].filter(([name]) => !TRANSPORT.has(name));
  return { status: response.status, headers, body: await response.text() };
}

/** Sends `init` to `path` on both, one after the other; returns both answers. */
async function both(path, init = {}) {
  const native = await read(await fetch(server.url + path, init));
  // The same URL, so the same Host header.
  const wasm = await read(await engine.fetch(server.url + path, init));
  return { native, wasm };
}

async function same(path, init, what) {
  const { native, wasm } = await both(path, init);
  assert.deepEqual(wasm, native, `${what ?? path}: the engine's answer differs from the server's`);
  return native;
}

function post(body, headers = {}) {
  return {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

test("every example tab in every scenario answers as the server does", async () => {
  const tabs = (await exampleTabs(server.url)).filter((tab) => tab.kind !== "subscription");
  assert.ok(tabs.length >= 10, `only ${tabs.length} tabs`);
  const scenarios = ["default", "empty", "onboarding", "incident", "cost-spike", "large"];
  let figures = 0;
  for (const scenario of scenarios) {
    // The large scenario (1,000 agents over 90 days) takes seconds to
    // generate in WebAssembly and to answer from a debug server: a few tabs.
    for (const [i, tab] of (scenario === "large" ? tabs.slice(0, 3) : tabs).entries()) {
      const headers = { ...tab.headers, "X-Agentmock-Scenario": scenario, "X-Agentmock-Session": `tabs-${scenario}-${i}` };
      const answer = await same("/graphql", post({ query: tab.query, variables: tab.variables }, headers), `${scenario}: ${tab.title ?? tab.name ?? i}`);
      if (answer.status === 200 && JSON.parse(answer.body).data) figures += 1;
    }
  }
  // Most tabs give data: a comparison of two identical errors proves little.
  assert.ok(figures >= (scenarios.length - 1) * tabs.length * 0.8, `only ${figures} answers with data`);
});

test("the default dataset is the server's: figures, fingerprint, SDL", async () => {
  const answer = await same("/graphql", post({ query: "{ agents { totalCount } meta { fingerprint } }" }));
  const data = JSON.parse(answer.body).data;
  assert.equal(data.agents.totalCount, 20);
  assert.match(data.meta.fingerprint, /^d7fa301e/);
  await same("/schema.graphql", {});
  assert.equal(engine.schema(), (await both("/schema.graphql")).native.body);
});

test("refused requests get the server's status, code and body", async () => {
  await same("/graphql", post("{not json"), "malformed JSON");
  await same("/graphql", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }, "wrong media type");
  await same("/graphql", post({ query: "{ agents { nope } }" }), "unknown field");
  await same("/graphql", post({ query: "{ agents(first: 100000) { nodes { id } } }" }), "page too large");
  await same("/graphql", post([{ query: "{ __typename }" }, { query: "{ meta { fingerprint } }" }]), "batch");
  await same("/graphql?query=" + encodeURIComponent("mutation { resetData { ok } }"), {}, "a mutation over GET");
  await same("/graphql?query=" + encodeURIComponent("{ agents { totalCount } }"), {}, "GET");
  await same("/graphql", { method: "PUT" }, "PUT");
  await same("/graphql", post({ query: "{ viewer { name } }" }, { authorization: "Bearer amk_wrong" }), "a bad token");
  await same("/graphql", post({ query: `{ ${"a: __typename ".repeat(3000)} }` }), "too many fields");
});

test("per-request seeds, anchors, faults and latency draw the same", async () => {
  const query = "{ agents(first: 3) { nodes { name status metrics { successRate avgResponseTime } } } meta { seed anchorTime } }";
  const cases = [
    { "X-Agentmock-Seed": "7" },
    { "X-Agentmock-Seed": "999", "X-Agentmock-Now": "2026-03-02T09:00:00Z" },
    { "X-Agentmock-Fault": "error:AgentMetrics.successRate" },
    { "X-Agentmock-Fault": "status:503#1", "X-Agentmock-Session": "faults-1" },
    { "X-Agentmock-Fault": "status:503#1", "X-Agentmock-Session": "faults-1" },
    { "X-Agentmock-Latency": "5-20", "X-Agentmock-Session": "latency-1" },
    { "X-Agentmock-Extensions": "off" },
    { "X-Agentmock-Seed": "not a number" },
  ];
  const seeds = new Set();
  for (const headers of cases) {
    const answer = await same("/graphql", post({ query }, headers), JSON.stringify(headers));
    const { data, errors } = JSON.parse(answer.body);
    if (data?.meta) seeds.add(`${data.meta.seed}@${data.meta.anchorTime}`);
    // The field fault fails the field it names, and only that one.
    if (headers["X-Agentmock-Fault"]?.startsWith("error:")) assert.deepEqual(errors.map((e) => e.path.at(-1)), ["successRate", "successRate", "successRate"]);
  }
  // Three datasets were read: the default, seed 7, and seed 999 at another anchor.
  assert.deepEqual([...seeds].sort(), ["12345@2025-01-19T14:00:00Z", "7@2025-01-19T14:00:00Z", "999@2026-03-02T09:00:00Z"]);
});

test("generation agrees at many seeds: the datasets' fingerprints are the server's", async () => {
  // Generation uses exp, ln, powf and log2: the platform's libm natively,
  // Rust's port in WebAssembly. A last-bit difference would show here.
  const prints = new Set();
  for (let seed = 1; seed <= 12; seed += 1) {
    const headers = { "X-Agentmock-Seed": String(seed * 7919), "X-Agentmock-Scenario": seed % 3 === 0 ? "incident" : "default" };
    const answer = await same("/graphql", post({ query: "{ meta { seed fingerprint } }" }, headers), `seed ${seed * 7919}`);
    prints.add(JSON.parse(answer.body).data.meta.fingerprint);
  }
  assert.equal(prints.size, 12);
});

test("a write in a session, then reads, give the same bytes", async () => {
  const headers = { authorization: TOKEN, "X-Agentmock-Session": "writes-1" };
  const create = `mutation { createAgent(input: { name: "Parity Bot", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { id name status createdAt } } }`;
  const created = await same("/graphql", post({ query: create }, headers), "createAgent");
  const id = JSON.parse(created.body).data.createAgent.agent.id;
  await same("/graphql", post({ query: `mutation { stopAgent(input: { id: "${id}", reason: "parity" }) { agent { status } } }` }, headers), "stopAgent");
  const read = await same("/graphql", post({ query: "{ agents { totalCount } auditLogs(first: 3) { nodes { action actor { name } createdAt } } }" }, headers), "reads");
  assert.equal(JSON.parse(read.body).data.agents.totalCount, 21);
  await same("/sessions/writes-1", {}, "the session");
  await same("/sessions/writes-1/reset", { method: "POST" }, "reset");
  const after = await same("/graphql", post({ query: "{ agents { totalCount } }" }, headers), "after the reset");
  assert.equal(JSON.parse(after.body).data.agents.totalCount, 20);
});

/** A small seeded generator (a linear congruential one: the corpus is the same on every run). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Queries over the schema: aliases, inline fragments, @skip/@include, unknown fields, arguments left out. */
function corpus(sdl, count, seed) {
  const schema = buildSchema(sdl);
  const rand = random(seed);
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const callable = (field) => field.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);
  const selection = (type, depth) => {
    const named = getNamedType(type);
    if (isLeafType(named)) return "";
    if (isAbstractType(named)) {
      const member = pick(schema.getPossibleTypes(named));
      return `{ __typename ... on ${member.name} ${selection(member, depth + 1)} }`;
    }
    const fields = Object.values(named.getFields()).filter(callable);
    const parts = [];
    const wanted = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < wanted; i += 1) {
      const field = pick(fields);
      const child = getNamedType(field.type);
      if (!isLeafType(child) && depth >= 3) continue;
      let text = (rand() < 0.2 ? `x${i}: ` : "") + field.name;
      if (!isLeafType(child)) text += " " + selection(field.type, depth + 1);
      const roll = rand();
      if (roll < 0.06) text += " @skip(if: true)";
      else if (roll < 0.12) text += " @include(if: false)";
      else if (roll < 0.16) text = `... on ${named.name} { ${text} }`;
      parts.push(text);
    }
    if (rand() < 0.03) parts.push("notAField");
    if (!parts.length || rand() < 0.1) parts.push("__typename");
    return `{ ${parts.join(" ")} }`;
  };
  const roots = Object.values(schema.getQueryType().getFields()).filter(callable);
  const queries = [];
  while (queries.length < count) {
    const fields = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(roots));
    const body = fields.map((f, i) => `${rand() < 0.3 ? `r${i}: ` : ""}${f.name} ${isObjectType(getNamedType(f.type)) || isAbstractType(getNamedType(f.type)) ? selection(f.type, 1) : ""}`);
    queries.push(`{ ${body.join(" ")} }`);
  }
  return queries;
}

test("a generated corpus of queries over the schema answers as the server does", async () => {
  const queries = corpus(engine.schema(), 200, 20261206);
  let withData = 0;
  for (const [i, query] of queries.entries()) {
    const headers = i % 3 === 0 ? { authorization: TOKEN } : {};
    const answer = await same("/graphql", post({ query }, headers), query);
    if (JSON.parse(answer.body).data) withData += 1;
  }
  assert.ok(withData >= 100, `only ${withData} of 200 generated queries gave data`);
});

test("subscriptions: the engine's results are the server's WebSocket results", async () => {
  const session = { authorization: TOKEN, "X-Agentmock-Session": "live-1" };
  const subscription = "subscription { agentUpdated { change fields agent { id name status } auditLog { action actor { name } } } }";
  const ws = createClient({ url: server.url.replace(/^http/, "ws") + "/graphql", webSocketImpl: WebSocket, connectionParams: session, lazy: false });
  try {
    const overSocket = ws.iterate({ query: subscription });
    const socketNext = overSocket.next();
    const inProcess = await engine.subscribe({ query: subscription }, { headers: session });
    const engineNext = inProcess.next();
    // The subscription is registered on the server once its socket has it:
    // a query over the same socket runs after it.
    await ws.iterate({ query: "{ __typename }" }).next();
    const create = `mutation { createAgent(input: { name: "Live Parity", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { id } } }`;
    await same("/graphql", post({ query: create }, session), "the write");
    const [fromSocket, fromEngine] = await Promise.all([socketNext, engineNext]);
    assert.equal(fromEngine.value.data.agentUpdated.change, "CREATED");
    assert.equal(fromEngine.value.data.agentUpdated.agent.name, "Live Parity");
    assert.equal(JSON.stringify(fromEngine.value), JSON.stringify(fromSocket.value));
    await inProcess.return();
    await overSocket.return();
    // A result over a socket's limit is the same error in both.
  const big = "{ agents(first: 20) { nodes { id name description config { systemPrompt } } } }";
  const bigOverSocket = await ws.iterate({ query: big }).next();
  const bigInProcess = await (await engine.subscribe({ query: big }, { headers: session })).next();
  assert.equal(bigInProcess.value.errors?.[0]?.extensions?.code, "RESPONSE_TOO_LARGE", JSON.stringify(bigInProcess.value).slice(0, 300));
  assert.match(bigInProcess.value.errors[0].message, /--max-ws-queue-bytes/);
  assert.equal(JSON.stringify(bigInProcess.value), JSON.stringify(bigOverSocket.value));
  // connectionParams as a socket reads them: the token shortcut signs in.
  const viewer = await (await engine.subscribe({ query: "{ viewer { name } }" }, { connectionParams: { token: TOKEN.slice(7) } })).next();
    assert.equal(viewer.value.data.viewer.name, "Jacob Shah");
  } finally {
    await ws.dispose();
  }
  // An operation that does not validate gets the server's errors (over a
  // socket, an `error` message in place of its first result) ...
  const invalid = await engine.subscribe({ query: "subscription { notAField }" });
  await assert.rejects(invalid.next(), (error) => {
    assert.ok(error instanceof EngineError);
    assert.match(error.errors[0].message, /notAField/);
    return true;
  });
  // ... and one whose connection cannot be served is refused at once.
  await assert.rejects(engine.subscribe({ query: subscription }, { headers: { authorization: "Bearer amk_wrong" } }), (error) => {
    assert.ok(error instanceof EngineError);
    assert.equal(error.errors[0].extensions.code, "UNAUTHENTICATED");
    return true;
  });
});

test("the engine takes the server's flags and refuses bad ones the same way", async () => {
  await assert.rejects(createEngine({ seed: "x" }), /invalid value 'x' for '--seed/);
  await assert.rejects(createEngine({ scenario: "nope" }), /scenario/);
  // What the engine cannot do is refused, not ignored.
  await assert.rejects(createEngine({ args: ["--simulator", "on"] }), /--simulator/);
  await assert.rejects(createEngine({ args: ["--journal", "x.jsonl"] }), /--journal/);
  await assert.rejects(createEngine({ args: ["--max-complexity", "2000000"] }), /--max-complexity: at most 1048575/);
  // Budgets in MiB past 4 GiB do not wrap to nothing on 32 bits.
  const roomy = await createEngine({ now: ANCHOR, args: ["--sessions-mb", "4096", "--datasets-mb", "4096"] });
  try {
    const inSession = await roomy.execute({ query: "{ agents { totalCount } }" }, { headers: { "X-Agentmock-Session": "roomy", "X-Agentmock-Seed": "3" } });
    assert.equal(inSession.errors, undefined, JSON.stringify(inSession.errors));
  } finally {
    roomy.dispose();
  }
  // The request deadline holds for CPU-bound work, as on the server: the
  // engine's lists yield when a poll's slice (here, the deadline) is spent,
  // so the work is cut there, not only when it next waits. Four hundred
  // transcripts take several times the 10 ms on any machine.
  const hurried = await createEngine({ now: ANCHOR, args: ["--request-timeout-ms", "10", "--response-cache-mb", "0"] });
  try {
    const page = (order) => `conversations(first: 100, orderBy: { ${order} }) { nodes { id title messages { role content contentTokens } agent { name } } }`;
    const heavy = `{ a: ${page("field: STARTED_AT")} b: ${page("measure: COST")} c: ${page("measure: TOKENS")} d: ${page("measure: AVG_RESPONSE_TIME")} }`;
    const answer = await hurried.execute({ query: heavy });
    assert.equal(answer.errors?.[0]?.extensions?.code, "REQUEST_TIMEOUT", JSON.stringify(answer).slice(0, 200));
  } finally {
    hurried.dispose();
  }
  const other = await createEngine({ now: ANCHOR, seed: 7, scenario: "incident", args: SHARED });
  try {
    const own = await other.execute({ query: "{ meta { seed scenario } }" });
    assert.deepEqual(own.data.meta, { seed: "7", scenario: "incident" });
  } finally {
    other.dispose();
  }
});
