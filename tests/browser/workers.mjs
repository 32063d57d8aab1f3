// Several browser workers at once, each with its own agentmock session,
// as parallel Playwright workers would run (playwright-core driving
// Debian's Chromium; no browser is downloaded):
//
//   node tests/browser/workers.mjs http://127.0.0.1:PORT/ [WORKERS]
//
// Each worker gets a browser context whose every request carries
// `X-Agentmock-Session: browser-worker-N`. It opens GraphiQL (the server's
// `/`), creates an agent of its own from the page (an operator's token),
// runs a query in GraphiQL's editor and reads the result pane; then it
// opens a small example dashboard served from another loopback origin
// (example/index.html, a static file) that calls the API with plain
// fetch. Every worker must see the seeded fleet plus its own agent only:
// 21 agents, 2 in error, Document Analyzer 40 the costliest over the last
// 7 days ($223.82; the server's anchor pinned at 2025-01-19T14:00:00Z). Prints one OK line, or FAIL lines and exit 1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './chromium.mjs';

const TIMEOUT_MS = 30_000;
const OPERATOR = 'Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f';
const [target, count = '3'] = process.argv.slice(2);
if (!target) {
  console.error('usage: node workers.mjs http://127.0.0.1:PORT/ [WORKERS]');
  process.exit(2);
}
const base = new URL(target);
const graphqlUrl = new URL('/graphql', base).toString();
const workers = Number(count);

// The example page, from a server of its own on another loopback port.
const page = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'example/index.html'));
const statics = createServer((request, response) => {
  if (new URL(request.url, 'http://x').pathname !== '/') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
await new Promise((resolve) => statics.listen(0, '127.0.0.1', resolve));
const exampleUrl = `http://127.0.0.1:${statics.address().port}/?api=${encodeURIComponent(graphqlUrl)}`;

const browser = await launchChromium();

/** One worker: its context, its session, its checks. Resolves to a summary. */
async function worker(n) {
  const session = `browser-worker-${n}`;
  const own = `Worker ${n} Triage`;
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Agentmock-Session': session } });
  const problems = [];
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await tab.goto(base.toString(), { waitUntil: 'load', timeout: TIMEOUT_MS });
    await tab.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ timeout: TIMEOUT_MS });

    // A write from the page (same origin), in this worker's session.
    const created = await tab.evaluate(
      async ([url, token, name]) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({
            query: `mutation { createAgent(input: { name: ${JSON.stringify(name)}, kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { name status } } }`,
          }),
        });
        return response.json();
      },
      [graphqlUrl, OPERATOR, own],
    );
    if (created.data?.createAgent?.agent?.name !== own) problems.push(`createAgent: ${JSON.stringify(created)}`);

    // GraphiQL: a query typed into the editor, run, read from the result pane.
    await tab.evaluate(() => {
      document
        .querySelector('.graphiql-query-editor .CodeMirror')
        .CodeMirror.setValue('query Mine {\n  agents(filter: { search: "Worker" }) { totalCount nodes { name } }\n  all: agents { totalCount }\n}\n');
    });
    // GraphiQL re-parses the operation after a debounce.
    await tab.waitForTimeout(700);
    await tab.locator('button.graphiql-execute-button').click({ timeout: TIMEOUT_MS });
    await tab.waitForFunction(
      () => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue().includes('"all"'),
      null,
      { timeout: TIMEOUT_MS },
    );
    const shown = JSON.parse(
      await tab.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()),
    );
    const mine = shown.data?.agents?.nodes?.map((a) => a.name);
    if (JSON.stringify(mine) !== JSON.stringify([own]) || shown.data?.all?.totalCount !== 21) {
      problems.push(`GraphiQL showed ${JSON.stringify(shown.data)}, not only ${own} among 21 agents`);
    }

    // The example dashboard, from another loopback origin, plain fetch.
    const dashboard = await context.newPage();
    dashboard.on('pageerror', (e) => problems.push(`example page error: ${e.message}`));
    await dashboard.goto(exampleUrl, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await dashboard.waitForFunction(() => document.getElementById('state').textContent !== 'loading', null, {
      timeout: TIMEOUT_MS,
    });
    const read = await dashboard.evaluate(() => ({
      state: document.getElementById('state').textContent,
      agents: document.getElementById('agents').textContent,
      inError: document.getElementById('in-error').textContent,
      costliest: document.getElementById('costliest').textContent,
      names: [...document.querySelectorAll('#names li')].map((li) => li.textContent),
    }));
    const workersSeen = read.names.filter((name) => name.startsWith('Worker '));
    if (read.state !== 'ready') problems.push(`example page: ${read.state}`);
    if (read.agents !== '21' || read.inError !== '2') problems.push(`example page counts: ${JSON.stringify(read)}`);
    if (read.costliest !== 'Document Analyzer 40 ($223.82)') problems.push(`costliest: ${read.costliest}`);
    if (JSON.stringify(workersSeen) !== JSON.stringify([own])) {
      problems.push(`the example page lists ${JSON.stringify(workersSeen)}, not only ${own}`);
    }
    return { n, session, problems, costliest: read.costliest };
  } catch (error) {
    problems.push(error.message);
    return { n, session, problems };
  } finally {
    await context.close();
  }
}

let ok = false;
try {
  const results = await Promise.all(Array.from({ length: workers }, (_, i) => worker(i + 1)));
  // The server kept one sandbox per worker, each with its one write.
  for (const r of results) {
    const response = await fetch(new URL(`/sessions/${r.session}`, base));
    const body = await response.json();
    if (body.sandboxes?.length !== 1 || body.sandboxes[0].writes !== 1) {
      r.problems.push(`GET /sessions/${r.session}: ${JSON.stringify(body)}`);
    }
  }
  const failed = results.filter((r) => r.problems.length > 0);
  for (const r of failed) for (const p of r.problems) console.error(`FAIL workers ${r.session}: ${p}`);
  ok = failed.length === 0;
  if (ok) {
    console.log(
      `OK workers ${base}: ${workers} browser contexts at once, each in its own session, ` +
        `GraphiQL and the example page (${results[0].costliest} the costliest) each showing 21 agents with its own only`,
    );
  }
} finally {
  await browser.close();
  statics.close();
}
process.exit(ok ? 0 : 1);
