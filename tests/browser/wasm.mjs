// The WebAssembly engine in headless Chromium (playwright-core driving
// Debian's Chromium; no browser is downloaded, no agentmock server runs):
//
//   cd tests/browser && npm ci          # esbuild, msw, @apollo/client, react, playwright-core
//   wasm/build.sh                       # the module, into npm/agentmock/wasm/engine/
//   node tests/browser/wasm.mjs [--runs=N] [--brotli-max] [--screenshot=FILE]
//
// Bundles three pages (wasm/*.js*) with esbuild into a temporary folder,
// next to a copy of the module (engine/agentmock_engine_bg.wasm, served as
// application/wasm) and MSW's worker script (/mockServiceWorker.js), and
// serves them from 127.0.0.1 on a free port. Then:
//
// - the MSW page: the engine behind MSW's setupWorker, the page fetching
//   its own origin: the fleet (20 agents, 2 in ERROR), the incident
//   scenario by header (5 in ERROR), createAgent in a session then 21
//   agents there and 20 outside it, GET /sessions/<id>, /schema.graphql
//   (the engine's SDL), /healthz (the pinned anchor). None of these
//   reaches the file server: the Service Worker answers.
// - the Storybook-like page: React 19 and Apollo Client 4 through
//   withAgentmock, three stories of one Fleet component on one page; the
//   rendered text must read "incident: 20 agents, 5 in error", "empty: 0
//   agents, 0 in error", "default: 20 agents, 2 in error".
// - the timing page, loaded N times (default 3), each in a fresh context:
//   module fetch+compile+instantiate, createEngine (the default dataset at
//   x1) and the first query, with their medians; then the module's size
//   raw, gzip -9 and brotli (quality 5, or 11 with --brotli-max, which
//   takes half a minute).
//
// Fails (exit 1, FAIL lines) on any console error or warning, uncaught
// page error, failed or 4xx/5xx request, request off loopback, or figure
// that differs; the whole run is bounded (TIMEOUT_MS). Prints OK lines
// and the timings table.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const WASM = path.join(root, 'npm/agentmock/wasm/engine/agentmock_engine_bg.wasm');
const TIMEOUT_MS = 90_000;
const STEP_MS = 30_000;

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(option('runs') ?? 3);
const brotliQuality = args.includes('--brotli-max') ? 11 : 5;
const screenshot = option('screenshot');
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node wasm.mjs [--runs=N] [--brotli-max] [--screenshot=FILE]');
  process.exit(2);
}
if (!existsSync(WASM)) {
  console.error(`FAIL wasm: ${path.relative(root, WASM)} is missing; build it: wasm/build.sh`);
  process.exit(1);
}

// The whole run is bounded: a hung page or browser fails, it does not wait.
const watchdog = setTimeout(() => {
  console.error(`FAIL wasm: not done after ${TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS);
watchdog.unref();

const { build, stop: stopEsbuild } = await import('esbuild');
const { launchChromium } = await import('./chromium.mjs');

// --- The pages, bundled with esbuild ---------------------------------------
const out = mkdtempSync(path.join(tmpdir(), 'agentmock-wasm-browser-'));
let server;
let browser;
let ok = false;
try {
  const started = performance.now();
  // Every bare import outside node_modules (the package's sources under
  // npm/agentmock/wasm, clients/, the pages) resolves from tests/browser's
  // node_modules: one React, one Apollo Client, one MSW in each bundle.
  const fromHere = {
    name: 'resolve-from-tests-browser',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (a) => {
        if (a.kind === 'entry-point' || a.pluginData?.fromHere || a.importer.includes(`${path.sep}node_modules${path.sep}`) || a.path.startsWith('node:')) return undefined;
        const resolved = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: here, pluginData: { fromHere: true } });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : resolved;
      });
    },
  };
  const bundled = await build({
    entryPoints: { msw: 'wasm/msw-page.js', storybook: 'wasm/storybook-page.jsx', timing: 'wasm/timing-page.js' },
    absWorkingDir: here,
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // No `external`: index.js must bundle as it is (its Node-only import
    // of node:fs is left to run time), or an app's bundler fails too.
    define: { 'process.env.NODE_ENV': '"development"' },
    plugins: [fromHere],
    logLevel: 'silent',
    metafile: true,
  });
  await stopEsbuild();
  for (const warning of bundled.warnings) console.error(`esbuild warning: ${warning.text}`);
  mkdirSync(path.join(out, 'engine'));
  // The module next to the bundles: the package's default URL,
  // new URL("./engine/agentmock_engine_bg.wasm", import.meta.url), finds it.
  copyFileSync(WASM, path.join(out, 'engine/agentmock_engine_bg.wasm'));
  copyFileSync(path.join(here, 'node_modules/msw/lib/mockServiceWorker.js'), path.join(out, 'mockServiceWorker.js'));
  const html = (title, script) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>` +
    '<style>body{font:14px system-ui,sans-serif;margin:1.5rem}section{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:0 0 1rem;max-width:40rem}' +
    'h2{font-size:1rem;color:#555;margin:.25rem 0}.summary{font-size:1.25rem;margin:.25rem 0}.status{color:#b00;font-size:.8rem}</style></head>' +
    `<body><div id="root"></div><script type="module" src="/${script}"></script></body></html>`;
  writeFileSync(path.join(out, 'msw.html'), html('agentmock engine behind MSW', 'msw.js'));
  writeFileSync(path.join(out, 'storybook.html'), html('agentmock engine in Storybook-like stories', 'storybook.js'));
  writeFileSync(path.join(out, 'timing.html'), html('agentmock engine timings', 'timing.js'));
  const bundleBytes = Object.fromEntries(
    Object.entries(bundled.metafile.outputs).map(([file, o]) => [path.basename(file), o.bytes]),
  );
  const buildMs = performance.now() - started;

  // --- A file server on loopback ---------------------------------------------
  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
  const served = [];
  server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    served.push(`${request.method} ${pathname}`);
    const file = path.join(out, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(out + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no ${pathname}`);
      return;
    }
    response
      .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      .end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  // No name resolves but loopback: nothing can leave the machine.
  browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'], { timeout: STEP_MS });

  /**
   * A fresh context on one page: everything the page says that is not
   * plain logging, and every request, recorded. Resolves to what `body`
   * returns; throws with the page's problems.
   */
  async function onPage(file, body) {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    context.setDefaultTimeout(STEP_MS);
    const problems = [];
    const requests = [];
    const note = (where) => (r) => {
      const url = new URL(r.url());
      requests.push(url.pathname);
      if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return;
      if (url.hostname !== '127.0.0.1') problems.push(`${where} request off loopback: ${r.url()}`);
    };
    context.on('request', note('page'));
    context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    context.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.stack ?? e.message}`));
    try {
      const response = await page.goto(`${origin}/${file}`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `GET /${file}`);
      const value = await body(page);
      if (problems.length > 0) throw new Error(problems.join('\n  '));
      return { value, requests };
    } catch (error) {
      const extra = problems.filter((p) => !error.message.includes(p));
      error.message += extra.length > 0 ? `\n  ${extra.join('\n  ')}` : '';
      throw error;
    } finally {
      await context.close();
    }
  }

  /** The page's window[name]: a promise of { ok, value | error }. */
  async function result(page, name) {
    await page.waitForFunction((n) => window[n] !== undefined, name);
    const answer = await page.evaluate((n) => window[n], name);
    if (!answer.ok) throw new Error(`the page threw: ${answer.error}`);
    return answer.value;
  }

  const failures = [];
  const check = async (label, fn) => {
    try {
      const line = await fn();
      console.log(`OK wasm ${label}: ${line}`);
    } catch (error) {
      failures.push(label);
      console.error(`FAIL wasm ${label}: ${error.message}`);
    }
  };

  // --- The MSW page ------------------------------------------------------------
  await check('MSW page', async () => {
    const before = served.length;
    const { value: r } = await onPage('msw.html', (page) => result(page, 'agentmockResult'));
    assert.equal(r.controlled, true, 'the Service Worker controls the page');
    const graphql = (type) => assert.match(type ?? '', /^application\/graphql-response\+json/, 'content-type of /graphql');
    for (const key of ['fleet', 'incident', 'created', 'sessionRead', 'sharedRead']) {
      assert.equal(r[key].status, 200, `${key}: status (${JSON.stringify(r[key].body)})`);
      graphql(r[key].type);
      assert.equal(r[key].body.errors, undefined, `${key}: errors`);
    }
    assert.deepEqual(r.fleet.body.data, { agents: { totalCount: 20 }, inError: { totalCount: 2 }, meta: { scenario: 'default' } }, 'the fleet');
    assert.deepEqual(r.incident.body.data, { agents: { totalCount: 20 }, inError: { totalCount: 5 }, meta: { scenario: 'incident' } }, 'X-Agentmock-Scenario: incident');
    assert.deepEqual(r.created.body.data, { createAgent: { agent: { name: 'Browser MSW Bot', status: 'INACTIVE' } } }, 'createAgent');
    assert.deepEqual(r.sessionRead.body.data, { agents: { totalCount: 21 }, mine: { nodes: [{ name: 'Browser MSW Bot' }] } }, 'read in the session');
    assert.deepEqual(r.sharedRead.body.data, { agents: { totalCount: 20 }, mine: { nodes: [] } }, 'read outside the session');
    assert.deepEqual(r.sessionWrites, [1], 'GET /sessions/browser-msw: one sandbox, one write');
    assert.equal(r.schema.status, 200, 'GET /schema.graphql');
    assert.match(r.schema.type ?? '', /^text\//, 'content-type of /schema.graphql');
    assert.equal(r.schema.sameAsEngine, true, '/schema.graphql is engine.schema()');
    assert.equal(r.schema.hasAgent, true, '/schema.graphql declares type Agent');
    assert.equal(r.anchorTime, '2025-01-19T14:00:00Z', '/healthz anchorTime');
    // The app's requests never reached the file server: MSW answered them.
    const reached = served.slice(before).filter((s) => !/ \/(msw\.html|msw\.js|mockServiceWorker\.js|engine\/agentmock_engine_bg\.wasm)$/.test(s));
    assert.deepEqual(reached, [], 'requests the Service Worker should have answered reached the file server');
    return (
      'setupWorker(...agentmockHandlers(engine)) answered the page\'s fetch: 20 agents, 2 in ERROR; incident 5 in ERROR; ' +
      `createAgent in a session: 21 there, 20 outside; /schema.graphql (${r.schema.length} chars, = engine.schema()), /healthz, /sessions/browser-msw`
    );
  });

  // --- The Storybook-like page -------------------------------------------------
  await check('Storybook-like page', async () => {
    const { value: shown } = await onPage('storybook.html', async (page) => {
      await result(page, 'agentmockStarted');
      await page.waitForFunction(() => {
        const cards = [...document.querySelectorAll('section .fleet')];
        return cards.length === 3 && cards.every((c) => c.dataset.state !== 'loading');
      });
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
      return page.evaluate(() =>
        [...document.querySelectorAll('section')].map((s) => ({
          story: s.dataset.story,
          title: s.querySelector('h2')?.textContent,
          state: s.querySelector('.fleet')?.dataset.state,
          text: s.querySelector('.fleet')?.textContent,
          summary: s.querySelector('.summary')?.textContent,
          inError: [...s.querySelectorAll('li')].map((li) => li.textContent),
        })),
      );
    });
    const errors = shown.filter((s) => s.state !== 'ready').map((s) => `${s.story}: ${s.text}`);
    assert.deepEqual(errors, [], 'stories that did not render data');
    assert.deepEqual(
      shown.map((s) => [s.story, s.summary]),
      [
        ['incident', 'incident: 20 agents, 5 in error'],
        ['empty', 'empty: 0 agents, 0 in error'],
        ['default', 'default: 20 agents, 2 in error'],
      ],
      'the rendered stories',
    );
    // The dataset's own names (seed 12345, anchor 2025-01-19T14:00:00Z).
    const errorAgents = ['HR Onboarding Helper 94', 'Meeting Scheduler 53'];
    assert.deepEqual(
      Object.fromEntries(shown.map((s) => [s.story, s.inError])),
      {
        incident: ['Customer Support Bot 53', 'Expense Report Bot 4', 'HR Onboarding Helper 94', 'Lead Qualification Agent 85', 'Meeting Scheduler 53'].map((n) => `${n} ERROR`),
        empty: [],
        default: errorAgents.map((n) => `${n} ERROR`),
      },
      'the agents each story lists in ERROR',
    );
    return `React 19 + Apollo Client 4 through withAgentmock rendered ${shown.map((s) => `"${s.summary}"`).join(', ')}${screenshot ? ` (screenshot ${screenshot})` : ''}`;
  });

  // --- Timings -----------------------------------------------------------------
  const timings = [];
  await check(`timing page (${runs} load${runs === 1 ? '' : 's'})`, async () => {
    for (let i = 0; i < runs; i += 1) {
      const { value } = await onPage('timing.html', (page) => result(page, 'agentmockResult'));
      const [first, again, incident] = value.figures;
      const dashboard = { errors: null, agents: 20, page: 20, inError: 2, scenario: 'default' };
      assert.deepEqual(first, dashboard, 'the first query');
      assert.deepEqual(again, dashboard, 'the second query');
      assert.deepEqual(incident, { ...dashboard, inError: 5, scenario: 'incident' }, 'the incident query');
      timings.push(value.ms);
    }
    return 'the dashboard query answered 20 agents (2 in ERROR), then the incident scenario 5 in ERROR, on every load';
  });

  const raw = readFileSync(WASM);
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;

  if (timings.length > 0) {
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const rows = [
      ['load: fetch + compile + instantiate the module', 'load'],
      ['generate: createEngine({ now }), default scenario, x1', 'generate'],
      ['generate again (another engine, seed 2; code warm)', 'generateAgain'],
      ['first query (dashboard: 20 agents + counts)', 'firstQuery'],
      ['same query again', 'secondQuery'],
      ['first query in another scenario (incident)', 'incidentFirstQuery'],
    ];
    const chrome = browser.version();
    console.log(`\nTimings in headless Chromium ${chrome} (ms; median of ${runs} page loads, each in a fresh context; main thread, performance.now()):`);
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log(`  ${''.padEnd(width)}  ${'median'.padStart(7)}   runs`);
    for (const [label, key] of rows) {
      const xs = timings.map((t) => t[key]);
      console.log(`  ${label.padEnd(width)}  ${median(xs).toFixed(0).padStart(7)}   ${xs.map((x) => x.toFixed(0)).join(', ')}`);
    }
  }
  const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  console.log(`\nModule size (${path.relative(root, WASM)}):`);
  console.log(`  raw            ${String(raw.length).padStart(10)} bytes  ${mb(raw.length)}`);
  console.log(`  gzip -9        ${String(gzip).padStart(10)} bytes  ${mb(gzip)}`);
  console.log(`  brotli -q ${String(brotliQuality).padEnd(4)} ${String(brotli).padStart(10)} bytes  ${mb(brotli)}${brotliQuality < 11 ? '  (--brotli-max: quality 11)' : ''}`);
  console.log(
    `  page bundles (esbuild, development, unminified, ${buildMs.toFixed(0)} ms): ` +
      Object.entries(bundleBytes).map(([f, n]) => `${f} ${(n / 1024).toFixed(0)} KiB`).join(', '),
  );
  ok = failures.length === 0;
  if (!ok) console.error(`FAIL wasm: ${failures.join(', ')}`);
} catch (error) {
  console.error(`FAIL wasm: ${error.stack ?? error.message}`);
} finally {
  await browser?.close();
  server?.close();
  rmSync(out, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
