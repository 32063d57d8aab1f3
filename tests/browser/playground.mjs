// Headless smoke check of the GraphiQL playground served at `/`.
//
//   cd tests/browser && npm ci          # playwright-core (downloads no browser), graphql-ws, ws
//   node tests/browser/playground.mjs http://127.0.0.1:PORT/ [--screenshot=/tmp/playground.png]
//
// Drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM). Fails (exit 1) if any request
// (HTTP or WebSocket) targets a host other than loopback, if any request fails or gets a 4xx/5xx,
// on any console error or uncaught page error, if GraphiQL does not render one tab per example,
// or if running the first tab does not put "data" in the result pane, the mutation tab does not
// run as its operator, or the subscription tab does not show two events from the simulator in
// turn (the server must run with `--simulator on`). Prints one `OK` line.

import { launchChromium } from './chromium.mjs';

const TIMEOUT_MS = 30_000;
const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--'));
const screenshot = args.find((a) => a.startsWith('--screenshot='))?.slice('--screenshot='.length);
if (!target) {
  console.error('usage: node playground.mjs http://127.0.0.1:PORT/ [--screenshot=FILE]');
  process.exit(2);
}

const problems = [];
const remote = [];
let requests = 0;

function isLocal(url) {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOOPBACK.test(u.hostname) || u.hostname === '127.0.0.1';
}

const browser = await launchChromium();

let ok = false;
let liveEvents = '';
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();

  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests += 1;
    if (isLocal(url)) return route.continue();
    remote.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) remote.push(ws.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (isLocal(req.url())) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });

  const response = await page.goto(target, { waitUntil: 'load', timeout: TIMEOUT_MS });
  if (!response || response.status() !== 200) {
    throw new Error(`GET ${target} answered ${response?.status()}`);
  }

  const names = await page.evaluate(() =>
    JSON.parse(document.getElementById('playground-config').textContent).examples.map((e) => e.name),
  );
  const examples = names.length;

  // GraphiQL rendered: query editor (CodeMirror) present and one tab per example.
  await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ timeout: TIMEOUT_MS });
  await page.waitForFunction(
    (n) => document.querySelectorAll('.graphiql-tab').length === n,
    examples,
    { timeout: TIMEOUT_MS },
  );
  const tabs = await page.locator('.graphiql-tab').count();

  await page.locator('button.graphiql-execute-button').click({ timeout: TIMEOUT_MS });
  await page.waitForFunction(
    () => {
      const result = document.querySelector('.graphiql-response .CodeMirror');
      return result?.CodeMirror?.getValue().includes('"data"');
    },
    null,
    { timeout: TIMEOUT_MS },
  );
  // The example must run cleanly: data, and no errors.
  const resultText = await page.evaluate(
    () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '',
  );
  let parsed = null;
  try {
    parsed = JSON.parse(resultText);
  } catch {
    problems.push(`result pane is not JSON: ${resultText.slice(0, 200)}`);
  }
  if (parsed && (parsed.errors || !parsed.data)) {
    problems.push(`first example returned errors or no data: ${resultText.slice(0, 400)}`);
  }

  // The mutation tab runs with the operator's token its headers carry.
  const act = names.indexOf('12-act-on-an-agent');
  if (act >= 0) {
    await page.locator('.graphiql-tab').nth(act).click({ timeout: TIMEOUT_MS });
    await page.waitForFunction(
      () => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue().includes('ActOnAnAgent'),
      null,
      { timeout: TIMEOUT_MS },
    );
    // GraphiQL re-parses the tab's operation name after its debounce; a
    // click before then would send the previous tab's name.
    await page.waitForTimeout(700);
    await page.locator('button.graphiql-execute-button').click({ timeout: TIMEOUT_MS });
    await page.waitForFunction(
      () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue().includes('"startAgent"'),
      null,
      { timeout: TIMEOUT_MS },
    );
    const text = await page.evaluate(
      () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '',
    );
    const answer = JSON.parse(text);
    if (answer.errors || answer.data?.startAgent?.agent?.status !== 'ACTIVE') {
      problems.push(`the mutation tab did not run as the operator: ${text.slice(0, 400)}`);
    }
  } else {
    problems.push('no 12-act-on-an-agent tab');
  }

  // The subscription tab opens a graphql-transport-ws socket (the bundled
  // graphql-ws client) and shows the simulator's events as they arrive.
  const live = names.indexOf('13-live-dashboard');
  if (live >= 0) {
    await page.locator('.graphiql-tab').nth(live).click({ timeout: TIMEOUT_MS });
    await page.waitForFunction(
      () => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue().includes('LiveDashboard'),
      null,
      { timeout: TIMEOUT_MS },
    );
    await page.waitForTimeout(700);
    const sockets = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.locator('button.graphiql-execute-button').click({ timeout: TIMEOUT_MS });
    const readAt = () =>
      page.evaluate(() => {
        const text = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '';
        try {
          return JSON.parse(text).data?.metricsUpdated?.at ?? null;
        } catch {
          return null;
        }
      });
    await page.waitForFunction(
      () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue().includes('"metricsUpdated"'),
      null,
      { timeout: TIMEOUT_MS },
    );
    const text = await page.evaluate(
      () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? '',
    );
    const first = JSON.parse(text);
    if (first.errors || !first.data?.metricsUpdated?.today) {
      problems.push(`the subscription tab's event has errors or no data: ${text.slice(0, 400)}`);
    }
    // A later event replaces it: the tab keeps following the socket.
    const at = first.data?.metricsUpdated?.at;
    const deadline = Date.now() + TIMEOUT_MS;
    let later = at;
    while (later === at && Date.now() < deadline) {
      await page.waitForTimeout(200);
      later = await readAt();
    }
    if (!later || later === at) problems.push(`no second event after ${at}`);
    if (!sockets.some((u) => u.endsWith('/graphql'))) problems.push(`no WebSocket to /graphql: ${sockets.join(', ')}`);
    liveEvents = `events at ${at} then ${later}`;
  } else {
    problems.push('no 13-live-dashboard tab');
  }

  if (screenshot) await page.screenshot({ path: screenshot });
  // Let late console errors or requests surface before judging.
  await page.waitForTimeout(500);

  if (remote.length > 0) problems.push(`non-loopback requests: ${remote.join(', ')}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));

  ok = true;
  console.log(
    `OK playground ${target}: GraphiQL rendered ${tabs} tabs, executed the first and the mutation tab (with its token), ` +
      `ran the subscription tab (${liveEvents}); ` +
      `${requests} requests, all loopback${screenshot ? `; screenshot ${screenshot}` : ''}`,
  );
} catch (err) {
  if (screenshot) await browser.contexts()[0]?.pages()[0]?.screenshot({ path: screenshot }).catch(() => {});
  console.error(`FAIL playground ${target}: ${err.message}`);
  for (const p of problems) if (!err.message.includes(p)) console.error(p);
  if (remote.length > 0) console.error(`non-loopback requests: ${remote.join(', ')}`);
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
