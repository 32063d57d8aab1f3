// The npm packages as a user gets them: packs the launcher and the
// linux-x64 package (npm/pack.sh, with the binary AGENTMOCK_BIN names),
// installs both tarballs into a fresh temporary project with npm --offline
// and an empty cache (no registry), then runs `npx agentmock`, the API,
// the Playwright and Vitest helpers and the shipped files from there.
//
//   AGENTMOCK_BIN=target/x86_64-unknown-linux-gnu/release/agentmock node --test npm/test/
//
// Every server binds 127.0.0.1 and is stopped by the test that started it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile as execFileCb, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";

const execFile = promisify(execFileCb);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ANCHOR = "2025-01-19T14:00:00Z";
const version = readFileSync(path.join(root, "Cargo.toml"), "utf8").match(/^version = "(.+)"$/m)[1];

let work; // a temporary folder for everything below
let project; // the consumer project, with both tarballs installed
let tarballs; // [launcher, platform]
let api; // the installed package's API, imported from the project

/** Runs `command` in `cwd` without any AGENTMOCK_* of ours leaking in. */
function run(command, args, { cwd = project, env = {}, timeout = 120_000 } = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AGENTMOCK_")));
  return execFile(command, args, { cwd, env: { ...clean, ...env }, timeout, maxBuffer: 16 << 20 });
}

/** npm, offline, with a cache of its own: nothing can come from a registry. */
function npm(args, cwd) {
  const cache = path.join(work, "npm-cache");
  return run("npm", [...args, "--offline", "--cache", cache, "--no-audit", "--no-fund", "--loglevel=error"], { cwd });
}

async function post(url, query, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  assert.equal(response.status, 200, `POST ${url}`);
  return response.json();
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "agentmock-npm-"));
  const bin = process.env.AGENTMOCK_BIN;
  const env = bin ? { AGENTMOCK_BIN: path.resolve(bin) } : {};
  if (process.env.CARGO_TARGET_DIR) env.CARGO_TARGET_DIR = process.env.CARGO_TARGET_DIR;
  const packed = await run(path.join(root, "npm/pack.sh"), [path.join(work, "tarballs")], { cwd: root, env });
  tarballs = packed.stdout.trim().split("\n");
  project = path.join(work, "consumer");
  await run("mkdir", ["-p", project], { cwd: work });
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", version: "1.0.0" }, null, 2),
  );
  await npm(["install", ...tarballs], project);
  api = await import(pathToFileURL(path.join(project, "node_modules/agentmock/index.js")).href);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarballs are named and versioned after Cargo.toml, and nothing runs at install", () => {
  assert.deepEqual(
    tarballs.map((t) => path.basename(t)),
    [`agentmock-${version}.tgz`, `agentmock-linux-x64-${version}.tgz`],
  );
  const installed = (name) =>
    JSON.parse(readFileSync(path.join(project, "node_modules", name, "package.json"), "utf8"));
  const launcher = installed("agentmock");
  const platform = installed("@agentmock/linux-x64");
  assert.equal(launcher.version, version);
  assert.equal(platform.version, version);
  assert.equal(launcher.optionalDependencies["@agentmock/linux-x64"], version);
  for (const pkg of [launcher, platform]) {
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
      assert.equal(pkg.scripts?.[hook], undefined, `${pkg.name} has no ${hook} script`);
    }
  }
  assert.deepEqual(platform.os, ["linux"]);
  assert.deepEqual(platform.cpu, ["x64"]);
  const binary = path.join(project, "node_modules/@agentmock/linux-x64/bin/agentmock");
  assert.ok(statSync(binary).mode & 0o111, "the binary is executable as unpacked");
  // The project's own dependencies are the two tarballs, nothing fetched.
  const lock = JSON.parse(readFileSync(path.join(project, "package-lock.json"), "utf8"));
  const fetched = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== "" && entry.resolved && !entry.resolved.startsWith("file:"))
    .map(([key]) => key);
  assert.deepEqual(fetched, [], "nothing resolved from a registry");
});

test("npx agentmock runs the binary: --version, schema, and a refused flag's exit code", async () => {
  const { stdout } = await run("npx", ["--no-install", "agentmock", "--version"]);
  assert.equal(stdout.trim(), `agentmock ${version}`);
  const schema = await run("npx", ["--no-install", "agentmock", "schema"]);
  assert.equal(schema.stdout, readFileSync(path.join(root, "schema.graphql"), "utf8"));
  // Exit codes and stderr pass through: a bad setting is exit 2.
  await assert.rejects(run("npx", ["--no-install", "agentmock", "--scale", "0"]), (error) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /^error: invalid value for --scale/);
    return true;
  });
});

test("AGENTMOCK_BINARY names another binary; a missing one is a clear error", async () => {
  const real = path.join(project, "node_modules/@agentmock/linux-x64/bin/agentmock");
  const viaEnv = await run("npx", ["--no-install", "agentmock", "--version"], { env: { AGENTMOCK_BINARY: real } });
  assert.equal(viaEnv.stdout.trim(), `agentmock ${version}`);
  const missing = path.join(work, "no-such-agentmock");
  await assert.rejects(
    run("npx", ["--no-install", "agentmock", "--version"], { env: { AGENTMOCK_BINARY: missing } }),
    (error) => {
      assert.equal(error.code, 1);
      assert.equal(error.stderr.trim(), `agentmock: AGENTMOCK_BINARY names ${missing}, which does not exist`);
      return true;
    },
  );
});

test("the launcher alone (optional dependencies left out) says how to get the binary", async () => {
  const alone = path.join(work, "launcher-only");
  await run("mkdir", ["-p", alone], { cwd: work });
  writeFileSync(path.join(alone, "package.json"), JSON.stringify({ name: "alone", private: true }));
  await npm(["install", "--omit=optional", tarballs[0]], alone);
  assert.equal(existsSync(path.join(alone, "node_modules/@agentmock/linux-x64")), false);
  await assert.rejects(run("npx", ["--no-install", "agentmock", "--version"], { cwd: alone }), (error) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /the package @agentmock\/linux-x64 .* is not installed/);
    assert.match(error.stderr, /AGENTMOCK_BINARY/);
    return true;
  });
});

test("startAgentmock: a server on a free loopback port with the pinned dataset, stopped by stop()", async () => {
  const server = await api.startAgentmock({ seed: 12345, now: ANCHOR, sessions: { max: 16 } });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(server.port, 0);
    assert.equal(server.graphqlUrl, `${server.url}/graphql`);
    assert.equal(server.wsUrl, `ws://127.0.0.1:${server.port}/graphql`);
    const health = await (await fetch(server.healthUrl)).json();
    assert.deepEqual([health.status, health.seed, health.anchorTime, health.version], ["ok", "12345", ANCHOR, version]);
    const { data } = await post(
      server.graphqlUrl,
      `{ meta { seed anchorTime }
         agents { totalCount }
         active: agents(filter: { status: [ACTIVE] }) { totalCount }
         costliest: agents(range: { lastDays: 7 }, orderBy: { measure: COST }, first: 1) { nodes { name model } } }`,
    );
    assert.deepEqual(data.meta, { seed: "12345", anchorTime: ANCHOR });
    assert.equal(data.agents.totalCount, 20);
    assert.equal(data.active.totalCount, 14);
    assert.deepEqual(data.costliest.nodes, [{ name: "Document Analyzer 40", model: "gpt-4o" }]);
  } finally {
    await server.stop();
  }
  await assert.rejects(fetch(server.healthUrl), "the server is gone after stop()");
});

test("startAgentmock options reach the server: another seed and scenario, faults on every request", async () => {
  const server = await api.startAgentmock({
    seed: 7,
    now: new Date(ANCHOR),
    scenario: "empty",
    faults: ["error:Analytics.costByModel"],
  });
  try {
    const answer = await post(
      server.graphqlUrl,
      "{ meta { seed scenario } agents { totalCount } analytics { costByModel(range: { lastDays: 7 }) { model } } }",
    );
    assert.deepEqual(answer.data.meta, { seed: "7", scenario: "empty" });
    assert.equal(answer.data.agents.totalCount, 0);
    assert.equal(answer.errors?.[0]?.path?.join("."), "analytics.costByModel");
  } finally {
    await server.stop();
  }
  // A server that cannot start rejects with what it said.
  await assert.rejects(api.startAgentmock({ now: "yesterday" }), /--now/);
});

test("sessions: each worker's writes are its own, and resetSession puts them back", async () => {
  const server = await api.startAgentmock({ now: ANCHOR });
  const operator = { authorization: "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f" };
  try {
    const create = 'mutation { createAgent(input: { name: "Refund Triage", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { name } } }';
    const created = await post(server.graphqlUrl, create, { ...operator, ...api.sessionHeaders("worker-1") });
    assert.equal(created.data.createAgent.agent.name, "Refund Triage");
    const count = async (session) =>
      (await post(server.graphqlUrl, "{ agents { totalCount } }", api.sessionHeaders(session))).data.agents.totalCount;
    assert.equal(await count("worker-1"), 21);
    assert.equal(await count("worker-2"), 20);
    assert.deepEqual(await api.resetSession(server.graphqlUrl, "worker-1"), { id: "worker-1", reset: 1 });
    assert.equal(await count("worker-1"), 20);
    assert.throws(() => api.sessionHeaders("not a session"), /not a session id/);
    assert.equal(api.workerSessionId("w", { TEST_WORKER_INDEX: "3" }), "w-3");
    assert.equal(api.workerSessionId("w", { VITEST_POOL_ID: "2" }), "w-2");
  } finally {
    await server.stop();
  }
});

test("the Vitest globalSetup provides the URLs and its teardown stops the server", async () => {
  const { agentmockGlobalSetup } = await import(
    pathToFileURL(path.join(project, "node_modules/agentmock/vitest.js")).href
  );
  const provided = {};
  const teardown = await agentmockGlobalSetup({ now: ANCHOR })({ provide: (k, v) => (provided[k] = v) });
  try {
    assert.deepEqual(Object.keys(provided).sort(), ["agentmockGraphqlUrl", "agentmockUrl", "agentmockWsUrl"]);
    assert.equal(process.env.AGENTMOCK_GRAPHQL_URL, provided.agentmockGraphqlUrl);
    const { data } = await post(provided.agentmockGraphqlUrl, '{ users(filter: { role: [ADMIN] }) { totalCount } }');
    assert.equal(data.users.totalCount, 2);
  } finally {
    await teardown();
  }
  await assert.rejects(fetch(`${provided.agentmockUrl}/healthz`));
});

test("the Playwright webServer command starts agentmock where its url says; the fixture gives each worker a session", async () => {
  const { agentmockWebServer, withAgentmockSession } = await import(
    pathToFileURL(path.join(project, "node_modules/agentmock/playwright.js")).href
  );
  const port = await freePort();
  const config = agentmockWebServer({ port, now: ANCHOR, seed: 99 });
  assert.equal(config.url, `http://127.0.0.1:${port}/healthz`);
  // Run the command as Playwright does (a shell), wait for its url.
  const child = spawn(config.command, { shell: true, cwd: project, stdio: "ignore", detached: true });
  try {
    let health;
    for (let i = 0; i < 200 && !health; i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = await fetch(config.url).then((r) => r.json(), () => undefined);
    }
    assert.equal(health?.seed, "99", "the webServer's server answers its url");

    // The fixtures, driven as Playwright would drive them.
    let fixtures;
    const fakeTest = { extend: (f) => ((fixtures = f), "extended") };
    assert.equal(withAgentmockSession(fakeTest, { url: `http://127.0.0.1:${port}` }), "extended");
    const [workerFixture, workerOptions] = fixtures.agentmockSession;
    assert.equal(workerOptions.scope, "worker");
    let session;
    await workerFixture({}, (value) => (session = value), { workerIndex: 2 });
    assert.equal(session, "worker-2");
    const headers = {};
    const page = { context: () => ({ setExtraHTTPHeaders: async (h) => Object.assign(headers, h) }) };
    let used;
    await fixtures.page({ page, agentmockSession: session, agentmockUrl: fixtures.agentmockUrl[0] }, (p) => (used = p));
    assert.equal(used, page);
    assert.deepEqual(headers, { "X-Agentmock-Session": "worker-2" });
  } finally {
    const gone = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await gone;
  }
});

test("the schema and the cache configuration ship as package exports", async () => {
  const resolveFrom = (specifier) =>
    run("node", ["--input-type=module", "-e", `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`]);
  for (const [specifier, source] of [
    ["agentmock/schema.graphql", "schema.graphql"],
    ["agentmock/clients/apollo-type-policies.js", "clients/apollo-type-policies.js"],
    ["agentmock/clients/urql-keys.js", "clients/urql-keys.js"],
  ]) {
    const { stdout } = await resolveFrom(specifier);
    const file = fileURLToPath(stdout.trim());
    assert.ok(file.startsWith(path.join(project, "node_modules/agentmock/")), file);
    assert.equal(readFileSync(file, "utf8"), readFileSync(path.join(root, source), "utf8"), specifier);
  }
  for (const types of ["index.d.ts", "playwright.d.ts", "vitest.d.ts", "clients/apollo-type-policies.d.ts"]) {
    assert.ok(existsSync(path.join(project, "node_modules/agentmock", types)), types);
  }
});

test("agentmock/wasm: the engine ships in the launcher and answers in process, with no binary", async () => {
  const entry = path.join(project, "node_modules/agentmock/wasm");
  const wasm = statSync(path.join(entry, "engine/agentmock_engine_bg.wasm")).size;
  assert.ok(wasm > 1_000_000, `the module is ${wasm} bytes`);
  for (const types of ["index.d.ts", "msw.d.ts", "apollo.d.ts", "urql.d.ts", "storybook.d.ts"]) {
    assert.ok(existsSync(path.join(entry, types)), types);
  }
  // Run from the project, as an app would import it, with no binary anywhere.
  const script = `
    import { createEngine } from "agentmock/wasm";
    const engine = await createEngine({ now: "2025-01-19T14:00:00Z", seed: 7 });
    const answer = await engine.execute({ query: "{ agents { totalCount } meta { seed } }" });
    console.log(JSON.stringify(answer.data));
    engine.dispose();`;
  const { stdout } = await run("node", ["--input-type=module", "-e", script], { env: { AGENTMOCK_BINARY: "/nonexistent" } });
  assert.deepEqual(JSON.parse(stdout), { agents: { totalCount: 20 }, meta: { seed: "7" } });
});
