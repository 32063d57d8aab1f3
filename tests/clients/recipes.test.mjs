// The README's recipes (## Recipes), run for real against the binary
// ($AGENTMOCK_BIN): each ts/tsx file they name is staged as written, with
// its `localhost:4000` (and Playwright's port 4000) pointed at a server of
// the test's, next to the npm package as it installs (npm/agentmock plus
// the schema and clients/*.js; the binary through AGENTMOCK_BINARY).
// docs.test.mjs type-checks the same files; this runs them:
// - Apollo: makeClient's client pages the fleet with fetchMore (the pages
//   merged as the server lists them); the exported session client sees
//   the incident scenario, the default client the default dataset.
// - urql: the first request of its session fails with the 503 its fault
//   header asks for, the next is answered, the third comes from Graphcache
//   (the session counts two requests), and no warning: the schema it
//   fetched from /schema.graphql tells Graphcache what the union holds.
// - graphql-ws: the snippet's token signs the socket in (Jacob Shah, an
//   operator), a subscription receives the agent its own mutation created,
//   in its own session only.
// - Storybook: the decorator renders the stories' component with React's
//   server renderer (Apollo's prerenderStatic): the figures of each
//   story's scenario (incident, empty; the default without parameters).
// - Vitest: Vitest itself runs the recipe's three files; its globalSetup
//   starts the binary and agents.test.ts's expectation (20) passes.
// - Playwright: @playwright/test runs the recipe's config and fixtures with
//   two workers in Debian's Chromium (recipes/playwright/ holds the specs):
//   the webServer entry starts the binary, each worker's page requests
//   carry worker-<index>, writes stay in their session, resets happen.
//   Skipped, saying so, when /usr/bin/chromium (or $CHROMIUM) is missing.
// Every ts/tsx file of the recipes must be run by one of these tests.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { gql } from "@apollo/client";
import { prerenderStatic } from "@apollo/client/react/ssr";
import { renderToStaticMarkup } from "react-dom/server";
import ts from "typescript";
import WebSocket from "ws";

import { blocksOf, filesOf, here, installPackage, root } from "./snippets.mjs";
import { recordWarnings, startServer } from "./support.mjs";

const stage = path.join(here, ".recipes");
const bin = path.resolve(root, process.env.AGENTMOCK_BIN ?? "target/debug/agentmock");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";

/** The ts/tsx files of the README's Recipes section: name → { text, where }. */
function recipeFiles() {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const lines = readme.split("\n");
  // The section's first and next heading's line numbers (1-based, as blocks').
  const from = lines.indexOf("## Recipes") + 1;
  const to = lines.findIndex((l, i) => i >= from && l.startsWith("## ")) + 1;
  assert.ok(from > 0 && to > from, "README.md has a ## Recipes section");
  const files = new Map();
  for (const block of blocksOf("README.md", readme).filter((b) => b.line > from && b.line < to)) {
    assert.ok(["ts", "tsx"].includes(block.kind), `README.md:${block.line}: a recipe in \`\`\`${block.kind}`);
    for (const part of filesOf(block)) files.set(part.name, { text: part.text, where: `README.md:${part.start}` });
  }
  return files;
}

const recipes = recipeFiles();
/** The files each test below runs. */
const RUN = {
  apollo: ["src/apollo.ts"],
  urql: ["src/urql.ts"],
  ws: ["src/ws.ts"],
  storybook: [".storybook/preview.tsx", "src/Fleet.tsx", "src/Fleet.stories.tsx"],
  vitest: ["vitest.config.ts", "vitest.global-setup.ts", "agents.test.ts"],
  playwright: ["playwright.config.ts", "fixtures.ts"],
};

/** A recipe file's text, failing with a clear message when it is gone. */
function recipe(name) {
  const found = recipes.get(name);
  assert.ok(found, `README.md's recipes no longer have ${name}: update RUN in recipes.test.mjs`);
  return found.text;
}

/** Points a recipe's server address (and a webServer's port) at `host:port`. */
function pointAt(text, address) {
  const port = address.split(":").pop();
  return text
    .replaceAll("localhost:4000", address)
    .replaceAll("127.0.0.1:4000", address)
    .replace(/\bport: 4000\b/g, `port: ${port}`);
}

/**
 * Writes recipe files into `dir` as they are, but pointed at `address`;
 * `transpile` turns TypeScript into JavaScript modules Node imports (as a
 * bundler would: relative imports without an extension get `.js`).
 */
function stageFiles(dir, names, { address, transpile = false } = {}) {
  for (const name of names) {
    let text = recipe(name);
    if (address) text = pointAt(text, address);
    let file = path.join(dir, name);
    if (transpile) {
      const out = ts.transpileModule(text, {
        fileName: name,
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
      });
      const errors = out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      assert.deepEqual(errors, [], `${recipes.get(name).where}: ${name} does not transpile`);
      text = out.outputText.replace(/(\bfrom\s+["'])(\.{1,2}\/[^"']+)(["'])/g, (whole, open, specifier, close) =>
        path.extname(specifier) ? whole : `${open}${specifier}.js${close}`,
      );
      file = file.replace(/\.tsx?$/, ".js");
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A port nobody listens on now (for Playwright's fixed webServer port). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end: { code, output }; killed after `timeoutMs`. */
function run(command, args, { cwd, env = {}, timeoutMs = 180_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, output });
    });
  });
}

async function post(url, query, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

let server;
let app; // the transpiled app recipes, pointed at `server`

before(async () => {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // A project of ES modules, the package installed; the libraries resolve
  // from tests/clients/node_modules, one folder up.
  writeFileSync(path.join(stage, "package.json"), JSON.stringify({ private: true, type: "module" }));
  installPackage(stage);
  server = await startServer();
  app = path.join(stage, "app");
  const address = new URL(server.url).host;
  stageFiles(app, [...RUN.apollo, ...RUN.urql, ...RUN.ws, ...RUN.storybook], { address, transpile: true });
});

after(async () => {
  await server?.stop();
  rmSync(stage, { recursive: true, force: true });
});

/** Imports a transpiled app recipe. */
function load(name) {
  return import(pathToFileURL(path.join(app, name.replace(/\.tsx?$/, ".js"))).href);
}

test("every ts/tsx file of the README's recipes is run here", () => {
  assert.deepEqual([...recipes.keys()].sort(), Object.values(RUN).flat().sort());
});

test("the npm README's Playwright and Vitest snippets are the recipes' code, run here", () => {
  const code = (text) =>
    text
      .split("\n")
      .filter((l) => l.trim() && !l.trim().startsWith("//"))
      .join("\n");
  const npm = new Map(
    blocksOf("npm/agentmock/README.md")
      .filter((b) => b.kind === "ts")
      .flatMap((b) => filesOf(b).map((p) => [p.name, p.text])),
  );
  assert.deepEqual([...npm.keys()].sort(), ["fixtures.ts", "playwright.config.ts", "vitest.global-setup.ts"]);
  for (const [name, text] of npm) assert.equal(code(text), code(recipe(name)), `npm/agentmock/README.md's ${name}`);
});

test("Apollo recipe: makeClient pages the fleet with fetchMore; the session client sees the incident scenario", async () => {
  const { makeClient, client } = await load("src/apollo.ts");
  const warnings = recordWarnings();
  try {
    const apollo = makeClient();
    const FLEET = gql`
      query Fleet($after: String) {
        agents(first: 5, after: $after, orderBy: { field: NAME }) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id name status } }
        }
      }
    `;
    // As a list component would: watch the query, then ask for more.
    const watched = apollo.watchQuery({ query: FLEET });
    const waiting = [];
    const shows = (rows) => within(new Promise((resolve) => waiting.push({ rows, resolve })), 20_000, `${rows} rows`);
    const subscription = watched.subscribe((result) => {
      const rows = result.data?.agents?.edges.length;
      for (const w of waiting.filter((w) => w.rows === rows)) w.resolve(result.data);
    });
    const first = await shows(5);
    assert.equal(first.agents.totalCount, 20, "the default fleet");
    const both = shows(10);
    await watched.fetchMore({ variables: { after: first.agents.pageInfo.endCursor } });
    await both; // the watching component shows both pages
    subscription.unsubscribe();
    const merged = apollo.readQuery({ query: FLEET }).agents;
    assert.equal(merged.pageInfo.hasNextPage, true);
    // The two pages are the server's first ten, in its order.
    const direct = await post(server.graphql, "{ agents(first: 10, orderBy: { field: NAME }) { edges { node { id name } } } }");
    assert.deepEqual(
      merged.edges.map((e) => [e.node.id, e.node.name]),
      direct.data.agents.edges.map((e) => [e.node.id, e.node.name]),
    );

    // The exported client: session test-1 over the incident scenario
    // (docs/testing.md: 10 active and 5 in error now, against the default's 14 and 2).
    const STATUS = gql`{
      meta { id scenario session }
      active: agents(filter: { status: [ACTIVE] }) { totalCount }
      failing: agents(filter: { status: [ERROR] }) { totalCount }
    }`;
    const incident = (await client.query({ query: STATUS })).data;
    assert.deepEqual(
      [incident.meta.scenario, incident.meta.session, incident.active.totalCount, incident.failing.totalCount],
      ["incident", "test-1", 10, 5],
    );
    const usual = (await apollo.query({ query: STATUS })).data;
    assert.deepEqual(
      [usual.meta.scenario, usual.meta.session, usual.active.totalCount, usual.failing.totalCount],
      ["default", null, 14, 2],
    );
  } finally {
    warnings.restore();
  }
  assert.deepEqual(warnings.seen, [], "no cache warning");
});

test("urql recipe: the session's first request fails with its 503, the next is answered, the third comes from Graphcache", async () => {
  const { client } = await load("src/urql.ts");
  // A union (AuditTarget) under a list: Graphcache needs the schema to match its fragments.
  const ACTIVITY = `{
    agents(first: 3, orderBy: { field: NAME }) { totalCount nodes { id name } }
    auditLogs(first: 5) { nodes { id action target { __typename ... on Agent { id name } ... on User { id name } } } }
  }`;
  const warnings = recordWarnings();
  let failed, answered, cached;
  try {
    failed = await client.query(ACTIVITY, {}).toPromise();
    answered = await client.query(ACTIVITY, {}).toPromise();
    cached = await client.query(ACTIVITY, {}).toPromise();
  } finally {
    warnings.restore();
  }
  assert.equal(failed.data, undefined);
  assert.equal(failed.error?.response?.status, 503, `the fault: ${failed.error}`);
  assert.equal(failed.error.graphQLErrors[0]?.extensions?.code, "SERVICE_UNAVAILABLE", `${failed.error}`);
  assert.equal(answered.error, undefined, `${answered.error}`);
  assert.equal(answered.data.agents.totalCount, 20);
  const direct = await post(server.graphql, ACTIVITY);
  assert.deepEqual(JSON.parse(JSON.stringify(answered.data)), direct.data, "the server's answer, unchanged by the cache");
  assert.ok(direct.data.auditLogs.nodes.some((n) => n.target), "the feed names targets");
  assert.deepEqual(cached.data, answered.data);
  assert.equal(cached.operation.context.meta?.cacheOutcome, "hit", "the third answer is Graphcache's");
  // The server's own count: the failed request and the answered one.
  const session = await (await fetch(`${server.url}/sessions/test-2`)).json();
  assert.equal(session.sandboxes[0].requests, 2);
  assert.deepEqual(warnings.seen, [], "no Graphcache warning (heuristic fragment matching is one)");
});

test("graphql-ws recipe: the token signs the socket in; a subscription receives its session's own write", async () => {
  // Browsers and Node 22 have a global WebSocket; Node 20 has it behind a flag.
  globalThis.WebSocket ??= WebSocket;
  const { ws } = await load("src/ws.ts");
  try {
    const events = [];
    let received;
    const event = new Promise((resolve, reject) => (received = { resolve, reject }));
    const stop = ws.subscribe(
      { query: "subscription { agentUpdated { change agent { id name } auditLog { actor { name } } } }" },
      {
        next: (result) => (events.push(result), received.resolve(result)),
        error: (error) => received.reject(error),
        complete: () => {},
      },
    );
    // A query on the same socket after the subscription: once answered,
    // the subscription is in place.
    const viewer = await once(ws, "{ viewer { name role } }");
    assert.deepEqual(viewer.data.viewer, { name: "Jacob Shah", role: "OPERATOR" });
    const created = await once(
      ws,
      'mutation { createAgent(input: { name: "Refund Triage", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { id } } }',
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const update = await within(event, 20_000, "the agentUpdated event");
    assert.deepEqual(update.data.agentUpdated, {
      change: "CREATED",
      agent: { id: created.data.createAgent.agent.id, name: "Refund Triage" },
      auditLog: { actor: { name: "Jacob Shah" } },
    });
    // The write is session test-3's: there, not in the served dataset.
    const count = async (headers) => (await post(server.graphql, "{ agents { totalCount } }", headers)).data.agents.totalCount;
    assert.equal(await count({ "X-Agentmock-Session": "test-3" }), 21);
    assert.equal(await count({}), 20);
    stop();
    assert.equal(events.length, 1, "one write, one event");
  } finally {
    await ws.dispose();
  }
});

/** One result of a query or mutation over a graphql-ws client. */
async function once(client, query) {
  try {
    for await (const result of client.iterate({ query })) return result;
  } catch (error) {
    // graphql-ws throws the socket's CloseEvent: say what closed it.
    if (error?.code) throw new Error(`${query}: the socket closed ${error.code} ${error.reason}`);
    throw error;
  }
  throw new Error(`${query}: completed without a result`);
}

/** Settles within `ms` or fails naming `what`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test("Storybook recipe: the decorator gives each story its scenario's data (rendered as Storybook would)", async () => {
  const { decorators } = await load(".storybook/preview.tsx");
  const stories = await load("src/Fleet.stories.tsx");
  assert.equal(decorators.length, 1);
  const render = async (story) => {
    // Storybook calls a decorator with the story to render and its context.
    const tree = decorators[0](stories.default.component, { parameters: story.parameters });
    const { result } = await prerenderStatic({ tree, renderFunction: renderToStaticMarkup });
    return result;
  };
  // docs/testing.md's figures: the incident's 20 agents with 5 paused in
  // ERROR; an empty workspace.
  assert.equal(await render(stories.Incident), "<p>20 agents, 5 in error</p>");
  assert.equal(await render(stories.Empty), "<p>0 agents, 0 in error</p>");
  // A story without parameters gets the default dataset.
  assert.equal(await render({ parameters: {} }), "<p>20 agents, 2 in error</p>");
});

test("Vitest recipe: Vitest runs the three files; the globalSetup's server answers agents.test.ts", { timeout: 300_000 }, async () => {
  const project = path.join(stage, "vitest");
  stageFiles(project, RUN.vitest);
  const report = path.join(stage, "vitest-report.json");
  const vitest = path.join(here, "node_modules/vitest/vitest.mjs");
  const { code, output } = await run(
    process.execPath,
    [vitest, "run", "--root", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { cwd: project, env: { AGENTMOCK_BINARY: bin, NO_COLOR: "1" } },
  );
  assert.equal(code, 0, `vitest:\n${output}`);
  const { numTotalTests, numPassedTests, testResults } = JSON.parse(readFileSync(report, "utf8"));
  assert.deepEqual([numTotalTests, numPassedTests], [1, 1], output);
  assert.deepEqual(
    testResults.flatMap((file) => file.assertionResults.map((t) => [path.basename(file.name), t.title, t.status])),
    [["agents.test.ts", "the fleet", "passed"]],
  );
});

test(
  "Playwright recipe: two workers in Chromium, each page in its own session, on the server the webServer starts",
  { timeout: 300_000, skip: existsSync(chromium) ? false : `no Chromium at ${chromium} (.ci/chromium installs Debian's)` },
  async () => {
    const project = path.join(stage, "playwright");
    const port = await freePort();
    stageFiles(project, RUN.playwright, { address: `127.0.0.1:${port}` });
    cpSync(path.join(here, "recipes/playwright"), project, { recursive: true });
    const barrier = path.join(stage, "playwright-barrier");
    mkdirSync(barrier);
    const report = path.join(stage, "playwright-report.json");
    const cli = path.join(here, "node_modules/@playwright/test/cli.js");
    const { code, output } = await run(process.execPath, [cli, "test", "--config", "run.config.ts"], {
      cwd: project,
      env: {
        AGENTMOCK_BINARY: bin,
        CHROMIUM: chromium,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
        RECIPE_BARRIER: barrier,
        RECIPE_REPORT: report,
        RECIPE_OUTPUT: path.join(stage, "playwright-output"),
      },
    });
    assert.equal(code, 0, `playwright:\n${output}`);
    const results = [];
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests) for (const r of t.results) results.push([spec.file, spec.title, r.status, r.workerIndex]);
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    JSON.parse(readFileSync(report, "utf8")).suites.forEach(walk);
    assert.equal(results.length, 4, JSON.stringify(results));
    assert.ok(results.every(([, , status]) => status === "passed"), JSON.stringify(results));
    assert.deepEqual([...new Set(results.map(([, , , worker]) => worker))].sort(), [0, 1], "two workers");
    // Playwright stopped the webServer's agentmock when the run ended.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), "nothing listens on the port after the run");
  },
);
