// The abuse run: agentmock (release binary) on loopback for DURATION
// seconds under normal dashboard traffic, the heaviest requests the limits
// allow, and hostile traffic of every kind the hardening issue names, all
// at once; then a cool-down. Reports the normal requests' latency, /healthz
// latency during the run, peak RSS, RSS after the cool-down against the
// baseline, and whether the server survived. Bounded in time, loopback only.
//
//   node bench/abuse.mjs [path/to/agentmock]   (bench/abuse.sh wraps it)
//   DURATION=60 COOLDOWN=10 IDLE_CONNECTIONS=800 node bench/abuse.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] || path.join(here, '../target/release/agentmock');
const DURATION = Number(process.env.DURATION || 60) * 1000;
const COOLDOWN = Number(process.env.COOLDOWN || 10) * 1000;
const IDLE_CONNECTIONS = Number(process.env.IDLE_CONNECTIONS || 800);
const extraArgs = (process.env.AGENTMOCK_ARGS || '').split(' ').filter(Boolean);

const args = ['--port', '0', '--now', '2025-01-19T14:00:00Z', '--log', 'warn', ...extraArgs];
const server = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
let exited = null;
server.on('exit', (code, signal) => { exited = { code, signal }; });
process.on('exit', () => { if (!exited) server.kill('SIGTERM'); });

const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no URL within 60 s')), 60_000);
  createInterface({ input: server.stdout }).on('line', (line) => {
    const m = line.match(/listening on http:\/\/([^/\s]+)\/graphql/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
});
const [host, port] = [url.split(':')[0], Number(url.split(':')[1])];

// ------------------------------------------------------------ measuring

function rss() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (key) => Number((status.match(new RegExp(`${key}:\\s+(\\d+)`)) || [0, 0])[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

const stats = {};
function record(kind, status, ms) {
  const s = (stats[kind] ||= { latencies: [], statuses: {} });
  if (ms !== undefined) s.latencies.push(ms);
  s.statuses[status] = (s.statuses[status] || 0) + 1;
}

// ------------------------------------------------------------ requests

function request(agent, { method = 'POST', path: p = '/graphql', body, headers = {} }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host, port, method, path: p, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let size = 0;
      let head = '';
      res.on('data', (chunk) => {
        size += chunk.length;
        if (head.length < 512) head += chunk.toString('utf8', 0, Math.min(chunk.length, 512));
      });
      res.on('end', () => {
        // The first error's code, if the answer is an error.
        const code = (head.match(/^\{"errors":\[\{.*?"code":"([A-Z_]+)"/) || [])[1];
        const status = code ? `${res.statusCode}/${code}` : res.statusCode;
        resolve({ status, ms: Number(process.hrtime.bigint() - started) / 1e6, size, reused: req.reusedSocket });
      });
    });
    req.on('error', (e) => resolve({ status: `error:${e.code || e.message}`, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let running = true;
const slow = [];
const startedAt = Date.now();
const until = Date.now() + DURATION;
const live = () => running && Date.now() < until;

async function loop(kind, agent, next, pause = 0) {
  let i = 0;
  while (live()) {
    const spec = next(i++);
    const r = await request(agent, spec);
    record(kind, r.status, r.ms);
    if (kind === 'healthz' && i > 1 && !r.reused) record('healthz-new-connections', r.status, r.ms);
    if (kind === 'healthz' && r.ms > 250) slow.push(`${((Date.now() - startedAt) / 1000).toFixed(1)}s:${r.ms.toFixed(0)}ms`);
    if (pause) await new Promise((res) => setTimeout(res, pause));
  }
}

const workloads = ['q1', 'q2', 'q3'].map((q) => readFileSync(path.join(here, 'queries', `${q}.json`), 'utf8'));
const withComment = (body, n) => {
  const parsed = JSON.parse(body);
  parsed.query = `${parsed.query} # ${n}`;
  return JSON.stringify(parsed);
};

// The heaviest requests the default limits let through (complexity just
// under 50,000 and ~2 MB answers), made distinct so they always execute.
const heavy = [
  `{ analytics { ${Array.from({ length: 17 }, (_, i) => `s${i}: telemetry(bucket: HOUR, range: { lastDays: 30 }) { start end totalConversations failed }`).join(' ')} } }`,
  '{ conversations(first: 100) { nodes { id title messages { role content latencyMs tokens } } } agents(first: 20) { nodes { name dailyMetrics { date conversations successRate avgResponseTime } conversations(first: 20) { nodes { title sentiment } } } } }',
];

const hostileBodies = [
  ['nesting', () => JSON.stringify({ query: `{ agents(filter: { ids: ${'['.repeat(30000)}1${']'.repeat(30000)} }) { totalCount } }` })],
  ['bomb-typename', () => JSON.stringify({ query: bomb(30, '__typename') })],
  ['bomb-field', () => JSON.stringify({ query: bomb(30, 'agents(first: 100) { nodes { name } }') })],
  ['too-complex', () => JSON.stringify({ query: `{ analytics { ${Array.from({ length: 40 }, (_, i) => `s${i}: telemetry(bucket: HOUR, range: { lastDays: 30 }) { start end totalConversations failed }`).join(' ')} } }` })],
  ['too-many-tokens', () => JSON.stringify({ query: `{ meta { ${'seed '.repeat(12000)} } }` })],
];

function bomb(levels, leaf) {
  let q = '{ ...F0 }\n';
  for (let i = 0; i < levels; i++) q += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${q}fragment F${levels} on Query { ${leaf} }\n`;
}

// A huge body streamed without waiting for an answer.
function hugeBody(chunked) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const size = 8 << 20;
    socket.on('connect', () => {
      const head = chunked
        ? 'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
        : `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;
      socket.write(head);
      const chunk = Buffer.alloc(64 << 10, 32);
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
          if (!ok) { socket.once('drain', pump); return; }
        }
      };
      pump();
    });
    let answer = '';
    socket.on('data', (d) => { answer += d.toString('latin1'); });
    const done = () => { resolve(answer.slice(9, 12) || 'closed'); };
    socket.on('close', done);
    socket.on('error', () => {});
    socket.setTimeout(20_000, () => socket.destroy());
  });
}

// Slowloris: a head trickled a byte at a time, never finished.
function slowloris() {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const started = Date.now();
    const text = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'a'.repeat(10000);
    let i = 0;
    const timer = setInterval(() => {
      if (!live() || socket.destroyed) { clearInterval(timer); socket.destroy(); return; }
      socket.write(text[i++ % text.length]);
    }, 500);
    socket.on('error', () => {});
    socket.on('close', () => { clearInterval(timer); resolve((Date.now() - started) / 1000); });
  });
}

// Idle connections, reopened as the server closes them.
const idle = new Set();
function openIdle() {
  if (!live()) return;
  const socket = net.connect(port, host);
  const opened = Date.now();
  let answer = '';
  idle.add(socket);
  socket.on('data', (d) => { answer += d.toString('latin1'); });
  socket.on('error', () => {});
  socket.on('close', () => {
    idle.delete(socket);
    if (!live()) return;
    const why = answer.startsWith('HTTP/1.1 503') ? 'refused-503' : `closed-idle-after-${Math.round((Date.now() - opened) / 1000)}s`;
    record('idle-flood', why);
    setTimeout(openIdle, 100);
  });
}

// ------------------------------------------------------------ the run

const warm = new http.Agent({ keepAlive: true, maxSockets: 4 });
for (const body of workloads) await request(warm, { body });
await new Promise((r) => setTimeout(r, 1000));
const baseline = rss();
let peak = baseline.rss;
const sampler = setInterval(() => { if (!exited) peak = Math.max(peak, rss().rss); }, 250);

const tasks = [];
const normalAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
for (let w = 0; w < 4; w++) {
  tasks.push(loop('normal-cached', normalAgent, (i) => ({ body: workloads[(i + w) % 3] })));
  tasks.push(loop('normal-uncached', normalAgent, (i) => ({ body: withComment(workloads[(i + w) % 3], `${w}-${i}`) })));
}
const heavyAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
for (let w = 0; w < 2; w++) {
  tasks.push(loop('heavy-allowed', heavyAgent, (i) => ({ body: JSON.stringify({ query: `${heavy[(i + w) % heavy.length]} # ${w}-${i}` }) })));
}
const hostileAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
for (const [name, make] of hostileBodies) {
  tasks.push(loop(`hostile-${name}`, hostileAgent, (i) => ({ body: make().replace(/}$/, `, "operationName": null, "extensions": { "n": ${i} } }`) }), 50));
}
tasks.push(loop('cache-churn', new http.Agent({ keepAlive: true, maxSockets: 2 }), (i) => ({ body: JSON.stringify({ query: `{ a${i}: meta { seed } b${i}: agents(first: ${i % 100}) { totalCount } }` }) })));
tasks.push((async () => { while (live()) record('hostile-huge-body', await hugeBody(false)); })());
tasks.push((async () => { while (live()) record('hostile-huge-chunked', await hugeBody(true)); })());
for (let s = 0; s < 50; s++) tasks.push((async () => { while (live()) record('hostile-slowloris', 'closed', await slowloris()); })());
for (let c = 0; c < IDLE_CONNECTIONS; c++) openIdle();
// /healthz every 20 ms on its own connection.
const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
tasks.push(loop('healthz', healthAgent, () => ({ method: 'GET', path: '/healthz' }), 20));

await new Promise((r) => setTimeout(r, DURATION));
running = false;
for (const socket of idle) socket.destroy();
await Promise.allSettled(tasks);
for (const agent of [warm, normalAgent, heavyAgent, hostileAgent, healthAgent]) agent.destroy();
await new Promise((r) => setTimeout(r, COOLDOWN));
clearInterval(sampler);

// ------------------------------------------------------------ the report

const alive = exited === null;
const after = alive ? rss() : { rss: NaN, hwm: NaN };
const check = alive ? await request(new http.Agent(), { body: workloads[0] }) : { status: 'dead' };
const mib = (x) => `${x.toFixed(1)} MiB`;
console.log(`agentmock ${args.join(' ')}: ${DURATION / 1000} s under abuse, ${COOLDOWN / 1000} s cool-down, ${IDLE_CONNECTIONS} idle connections held\n`);
console.log('| traffic | requests | p50 ms | p99 ms | max ms | statuses |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [kind, s] of Object.entries(stats)) {
  const l = summary(s.latencies);
  const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '');
  const statuses = Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' ');
  console.log(`| ${kind} | ${l.n || Object.values(s.statuses).reduce((a, b) => a + b, 0)} | ${f(l.p50)} | ${f(l.p99)} | ${f(l.max)} | ${statuses} |`);
}
console.log(`\nRSS: baseline ${mib(baseline.rss)}, peak ${mib(Math.max(peak, after.hwm || 0))} (VmHWM ${mib(after.hwm)}), after cool-down ${mib(after.rss)}`);
console.log(`server: ${alive ? 'alive' : `DEAD (${JSON.stringify(exited)})`}; a normal query afterwards: ${check.status}; crashes: ${alive ? 0 : 1}`);
const unexpected = ['normal-cached', 'normal-uncached', 'heavy-allowed', 'healthz', 'cache-churn']
  .flatMap((k) => Object.entries(stats[k]?.statuses || {}).filter(([status]) => status !== '200').map(([status, n]) => `${k} ${status}×${n}`));
if (slow.length) console.log(`/healthz answers over 250 ms (time into the run: latency): ${slow.join(' ')}`);
if (unexpected.length) console.log(`unexpected answers to allowed traffic: ${unexpected.join(', ')}`);
server.kill('SIGTERM');
process.exit(alive && check.status === 200 ? 0 : 1);
