// The bounds run: what a client can grow, measured on the release binary
// over loopback. Each phase starts its own server and stops it.
//
//   exports  N requestExport calls (a viewer's token), RSS before and after,
//            the oldest link (404) and the newest (200), SIGTERM's exit
//            code, a restart replaying the journal, resetData, SIGTERM
//   sockets  SOCKETS clients subscribed to agentUpdated { systemPrompt } that
//            stop reading while writers publish 8,000-character prompts for
//            FLOOD seconds: peak RSS, RSS after, when the server closed
//            them 1008 (its debug log) and when it let them go (ss)
//   replay   journals of 10,000 and 100,000 mixed writes, the restart's
//            replay time (the server's own "journal replayed" figure)
//   burst    2,000 WebSockets opened at once with HTTP requests beside them:
//            how each was answered
//
//   node bench/bounds.mjs [path/to/agentmock]          (bench/bounds.sh wraps it)
//   PHASES=exports,sockets EXPORTS=36000 SOCKETS=250 FLOOD=30 node bench/bounds.mjs
//
// Loopback only; every phase is bounded in time.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, writeFileSync, appendFileSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';
import os from 'node:os';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] || path.join(here, '../target/release/agentmock');
const PHASES = (process.env.PHASES || 'exports,sockets,replay,burst').split(',');
const EXPORTS = Number(process.env.EXPORTS || 36000);
const SOCKETS = Number(process.env.SOCKETS || 250);
const FLOOD = Number(process.env.FLOOD || 30) * 1000;
const REPLAY = (process.env.REPLAY || '10000,100000').split(',').map(Number);
const BURST = Number(process.env.BURST || 2000);
const ANCHOR = '2025-01-19T14:00:00Z';
const ADMIN = 'amk_3fc8788c03a1a080539c604496e8fa0c';
const VIEWER = 'amk_03f4a1de19466668ab68604af7bade89';
const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmock-bounds-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kb) => (kb / 1024).toFixed(1);

// ------------------------------------------------------------ the server

async function start(args, { log = 'warn' } = {}) {
  const started = Date.now();
  const child = spawn(binary, ['--port', '0', '--now', ANCHOR, '--simulator', 'off', '--log', log, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { child, stderr: '', exited: null };
  child.stderr.on('data', (d) => { server.stderr += d; });
  child.on('exit', (code, signal) => { server.exited = { code, signal }; });
  process.on('exit', () => { if (!server.exited) child.kill('SIGKILL'); });
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 600 s: ${server.stderr}`)), 600_000);
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`exited at start: ${server.stderr}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/listening on http:\/\/([^/\s]+)\/graphql/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  [server.host, server.port] = [address.split(':')[0], Number(address.split(':')[1])];
  server.startedMs = Date.now() - started;
  return server;
}

function memory(server) {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = (key) => Number((status.match(new RegExp(`${key}:\\s+(\\d+)`)) || [0, 0])[1]);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function stop(server, signal = 'SIGTERM') {
  const started = Date.now();
  if (!server.exited) server.child.kill(signal);
  while (!server.exited && Date.now() - started < 30_000) await sleep(20);
  const crashed = /overflowed its stack|panicked/.exec(server.stderr);
  return { ...(server.exited || { code: 'still running' }), ms: Date.now() - started, crashed: crashed && crashed[0] };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(server, { method = 'POST', p = '/graphql', body, token } = {}) {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: server.host, port: server.port, method, path: p, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (e) => resolve({ status: `error:${e.code || e.message}`, text: '' }));
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

const graphql = (server, query, token) => request(server, { body: { query }, token });

// ------------------------------------------------------------ exports

async function exportsPhase() {
  const journal = path.join(dir, 'exports.jsonl');
  let server = await start(['--journal', journal]);
  const before = memory(server);
  const mutation = 'mutation { requestExport(input: { collection: AGENTS, format: CSV }) { export { url } } }';
  const urls = [];
  let failed = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < EXPORTS) {
      next += 1;
      const r = await graphql(server, mutation, VIEWER);
      const url = r.status === 200 && (r.text.match(/"url":"([^"]+)"/) || [])[1];
      if (url) urls.push(url); else failed += 1;
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  const after = memory(server);
  const link = (url) => request(server, { method: 'GET', p: new URL(url).pathname });
  const oldest = await link(urls[0]);
  const newest = await link(urls[urls.length - 1]);
  const shutdown = await stop(server);
  server = await start(['--journal', journal], { log: 'info' });
  const replayed = Number((server.stderr.match(/journal replayed.*elapsed_ms=(\d+)/) || [])[1]);
  const restarted = memory(server);
  const reset = await graphql(server, 'mutation { resetData { fingerprint } }', ADMIN);
  const resetShutdown = await stop(server);
  console.log(`\n## Exports: ${EXPORTS} requestExport calls (viewer, AGENTS CSV), journaled\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| accepted / failed | ${urls.length} / ${failed} (${(urls.length / seconds).toFixed(0)} a second) |`);
  console.log(`| RSS before / after / peak (MiB) | ${mib(before.rss)} / ${mib(after.rss)} / ${mib(after.hwm)} |`);
  console.log(`| growth per export (bytes) | ${(((after.rss - before.rss) * 1024) / EXPORTS).toFixed(0)} |`);
  console.log(`| oldest link / newest link | ${oldest.status} ${oldest.text.slice(0, 90)}... / ${newest.status} |`);
  console.log(`| SIGTERM after the flood | exit ${shutdown.code ?? shutdown.signal} in ${shutdown.ms} ms${shutdown.crashed ? `, ${shutdown.crashed}` : ''} |`);
  console.log(`| restart: replay / RSS (MiB) | ${replayed} ms / ${mib(restarted.rss)} |`);
  console.log(`| resetData, then SIGTERM | ${reset.status} ${reset.text.includes('fingerprint') ? 'ok' : reset.text.slice(0, 80)}; exit ${resetShutdown.code ?? resetShutdown.signal}${resetShutdown.crashed ? `, ${resetShutdown.crashed}` : ''} |`);
}

// ------------------------------------------------------------ WebSockets

// A minimal RFC 6455 client over a raw TCP socket: the handshake, masked
// text frames out, frames in (only their opcode and close code are kept).
function openSocket(server, { subprotocol = 'graphql-transport-ws' } = {}) {
  return new Promise((resolve) => {
    const key = randomBytes(16).toString('base64');
    const socket = net.connect(server.port, server.host);
    const ws = { socket, status: null, close: null, opened: false, texts: 0, bytes: 0, ended: false, error: null };
    let buffer = Buffer.alloc(0);
    let head = true;
    socket.on('connect', () => {
      socket.write(`GET /graphql HTTP/1.1\r\nHost: ${server.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${subprotocol}\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (head) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        ws.status = Number(buffer.toString('latin1', 0, end).split(' ')[1]);
        buffer = buffer.subarray(end + 4);
        head = false;
        ws.opened = ws.status === 101;
        resolve(ws);
      }
      while (buffer.length >= 2) {
        let len = buffer[1] & 0x7f;
        let offset = 2;
        if (len === 126) { if (buffer.length < 4) return; len = buffer.readUInt16BE(2); offset = 4; }
        else if (len === 127) { if (buffer.length < 10) return; len = Number(buffer.readBigUInt64BE(2)); offset = 10; }
        if (buffer.length < offset + len) return;
        const opcode = buffer[0] & 0x0f;
        const payload = buffer.subarray(offset, offset + len);
        if (opcode === 8) ws.close = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (opcode === 1 || opcode === 0) { ws.texts += 1; ws.bytes += len; }
        if (opcode === 1 && ws.onText) ws.onText(payload.toString());
        buffer = buffer.subarray(offset + len);
      }
    });
    socket.on('end', () => { ws.ended = true; });
    socket.on('error', (e) => { ws.error = e.code || e.message; resolve(ws); });
    socket.on('close', () => { ws.ended = true; resolve(ws); });
  });
}

function sendText(ws, text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length])
    : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  ws.socket.write(Buffer.concat([header, mask, masked]));
}

function nextText(ws, timeout = 10_000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { ws.onText = null; resolve(null); }, timeout);
    ws.onText = (text) => { clearTimeout(timer); ws.onText = null; resolve(JSON.parse(text)); };
  });
}

// Server-side connections established with the given client ports (all
// of the server's when none are given).
function established(server, ports) {
  try {
    const out = execFileSync('ss', ['-Htn', 'state', 'established', `( sport = :${server.port} )`], { encoding: 'utf8' });
    const lines = out.split('\n').filter(Boolean);
    if (!ports) return lines.length;
    return lines.filter((line) => ports.has(Number(line.trim().split(/\s+/).pop().split(':').pop()))).length;
  } catch { return NaN; }
}

async function socketsPhase() {
  // The server logs each close at debug, with its code and time.
  const server = await start([], { log: 'warn,agentmock::http::ws=debug' });
  const base = memory(server);
  const agents = JSON.parse((await graphql(server, '{ agents(first: 20) { nodes { id } } }')).text).data.agents.nodes.map((a) => a.id);
  const clients = [];
  for (let i = 0; i < SOCKETS; i += 1) {
    const ws = await openSocket(server);
    sendText(ws, JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ADMIN}` } }));
    await nextText(ws);
    sendText(ws, JSON.stringify({ id: 's', type: 'subscribe', payload: { query: 'subscription { agentUpdated { agent { config { systemPrompt } } } }' } }));
    await sleep(2);
    ws.socket.pause();
    clients.push(ws);
  }
  const ports = new Set(clients.map((ws) => ws.socket.localPort));
  const opened = memory(server);
  const samples = [];
  let writes = 0;
  let running = true;
  const started = Date.now();
  // The stalled WebSockets the server still holds, every 100 ms.
  let sampling = true;
  const held = [];
  const watcher = (async () => {
    while (sampling) {
      held.push({ at: Date.now(), sockets: established(server, ports) });
      await sleep(100);
    }
  })();
  const writers = Array.from({ length: 4 }, async (_, w) => {
    let n = 0;
    while (running) {
      n += 1;
      const prompt = `Prompt ${w}-${n}. ${'x'.repeat(7980)}`;
      const query = `mutation { updateAgent(input: { id: "${agents[(w * 5 + n) % agents.length]}", systemPrompt: "${prompt}" }) { agent { id } } }`;
      const r = await graphql(server, query, ADMIN);
      if (r.status === 200) writes += 1;
    }
  });
  while (Date.now() - started < FLOOD) {
    await sleep(500);
    samples.push({ t: (Date.now() - started) / 1000, ...memory(server), sockets: established(server, ports) });
  }
  running = false;
  await Promise.all(writers);
  const flooded = memory(server);
  for (let i = 0; i < 20; i += 1) {
    await sleep(500);
    samples.push({ t: (Date.now() - started) / 1000, ...memory(server), sockets: established(server, ports) });
  }
  sampling = false;
  await watcher;
  const after = memory(server);
  // The clients read at last: what each got, and how it ended.
  for (const ws of clients) ws.socket.resume();
  await sleep(3000);
  const closes = {};
  for (const ws of clients) {
    const how = ws.close ? `close ${ws.close}` : ws.ended ? 'ended without a close' : ws.error ? `error ${ws.error}` : 'still open';
    closes[how] = (closes[how] || 0) + 1;
    ws.socket.destroy();
  }
  const received = clients.reduce((sum, ws) => sum + ws.bytes, 0);
  const peak = samples.reduce((max, s) => Math.max(max, s.rss), 0);
  // When the server closed them 1008 (its log), and when it let them go.
  const tooSlow = server.stderr.split('\n').filter((line) => line.includes('closing a socket') && line.includes('code=1008'))
    .map((line) => Date.parse(line.split(/\s+/)[0])).filter((at) => !Number.isNaN(at));
  const lastClose = Math.max(...tooSlow);
  const gone = held.find((s) => s.at >= lastClose && s.sockets === 0);
  const since = (at) => `${((at - started) / 1000).toFixed(1)} s`;
  await stop(server);
  console.log(`\n## Stalled WebSockets: ${SOCKETS} subscribers of 8,000-character prompts stop reading; 4 writers for ${FLOOD / 1000} s\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| writes made | ${writes} (${(writes / (FLOOD / 1000)).toFixed(0)} a second) |`);
  console.log(`| RSS: start / sockets open / end of flood / 10 s later (MiB) | ${mib(base.rss)} / ${mib(opened.rss)} / ${mib(flooded.rss)} / ${mib(after.rss)} |`);
  console.log(`| peak RSS sampled / VmHWM (MiB) | ${mib(peak)} / ${mib(after.hwm)} |`);
  // The writes grow the dataset too (new prompts, audit entries): the
  // sockets' share is the peak above what the server holds once they are gone.
  console.log(`| peak above the start / above the end (sockets gone), per socket (MiB) | ${mib((after.hwm - base.rss) / SOCKETS)} / ${mib((after.hwm - after.rss) / SOCKETS)} (bound: ${mib(4096)}) |`);
  console.log(`| closed 1008 (server log): count, first, last | ${tooSlow.length}${tooSlow.length ? `, ${since(Math.min(...tooSlow))}, ${since(lastClose)}` : ''} |`);
  console.log(`| stalled sockets still held: none by (100 ms samples) | ${gone ? `${since(gone.at)}, ${((gone.at - lastClose) / 1000).toFixed(1)} s after the last 1008` : 'never'} |`);
  console.log(`| how the clients ended, once they read | ${Object.entries(closes).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
  console.log(`| bytes the clients received in all | ${(received / 1048576).toFixed(1)} MiB |`);
  console.log(`\nTimeline (s: RSS MiB, stalled sockets held): ${samples.filter((_, i) => i % 4 === 0).map((s) => `${s.t.toFixed(0)}: ${mib(s.rss)}, ${s.sockets}`).join('; ')}`);
}

// ------------------------------------------------------------ replay

async function replayPhase() {
  // The header and the ids come from a fresh server's journal.
  const seed = path.join(dir, 'seed.jsonl');
  const server = await start(['--journal', seed]);
  const data = JSON.parse((await graphql(server,
    '{ agents(first: 20, filter: { status: [ACTIVE] }) { nodes { id config { temperature } } } users { nodes { id email role } } }')).text).data;
  await stop(server);
  const header = readFileSync(seed, 'utf8').split('\n')[0];
  const admin = data.users.nodes.find((u) => u.role === 'ADMIN');
  const viewer = data.users.nodes.find((u) => u.role === 'VIEWER');
  const agents = data.agents.nodes.map((a) => a.id);
  const rows = [];
  for (const count of REPLAY) {
    const file = path.join(dir, `replay-${count}.jsonl`);
    writeFileSync(file, `${header}\n`);
    const running = new Map(agents.map((a) => [a, true]));
    // Every record writes (a value equal to the current one would not, and
    // the replay would stop at it): temperatures step in tenths from each
    // agent's own, the budget alternates per use.
    const temperature = new Map(data.agents.nodes.map((a) => [a.id, Math.round(a.config.temperature * 10)]));
    let budget = 0;
    let lines = [];
    for (let n = 1; n <= count; n += 1) {
      const agentId = agents[n % agents.length];
      let command;
      let actor = admin.id;
      switch (n % 10) {
        case 0: case 1: command = { type: 'signIn', email: data.users.nodes[n % data.users.nodes.length].email }; actor = null; break;
        case 2: command = { type: 'signOut' }; break;
        case 3: case 4: {
          const t = (temperature.get(agentId) + 1) % 21;
          temperature.set(agentId, t);
          command = { type: 'updateAgentConfig', agent: agentId, model: null, temperature: t / 10, maxTokens: null };
          break;
        }
        case 5: case 6: {
          command = running.get(agentId) ? { type: 'stopAgent', agent: agentId, reason: null } : { type: 'startAgent', agent: agentId };
          running.set(agentId, !running.get(agentId));
          break;
        }
        case 7: command = { type: 'updateAgent', agent: agentId, name: null, description: null, systemPrompt: `Prompt ${n}: answer briefly.` }; break;
        case 8: command = { type: 'requestExport', collection: 'AGENTS', format: 'CSV', from: '2024-12-21', to: '2025-01-19' }; actor = viewer.id; break;
        default: budget = 1 - budget; command = { type: 'updatePolicy', monthlyBudget: 1000 + budget, allowedModels: null }; break;
      }
      lines.push(JSON.stringify({ n, actor, command }));
      if (lines.length === 10000) { appendFileSync(file, `${lines.join('\n')}\n`); lines = []; }
    }
    if (lines.length) appendFileSync(file, `${lines.join('\n')}\n`);
    const copy = path.join(dir, `run-${count}.jsonl`);
    copyFileSync(file, copy);
    const replaying = await start(['--journal', copy], { log: 'info' });
    const ms = Number((replaying.stderr.match(/journal replayed.*elapsed_ms=(\d+)/) || [])[1]);
    const writes = Number((replaying.stderr.match(/journal replayed.*writes=(\d+)/) || [])[1]);
    const rss = memory(replaying).rss;
    await stop(replaying);
    rows.push(`| ${count.toLocaleString('en')} | ${writes.toLocaleString('en')} | ${ms} | ${((ms * 1000) / count).toFixed(1)} | ${replaying.startedMs} | ${mib(rss)} |`);
  }
  console.log('\n## Replay: journals of mixed writes (sign-ins and -outs, config changes, stops and starts, prompts, exports, policy)\n');
  console.log('| records | writes replayed | replay ms | µs per record | start to listening ms | RSS after MiB |\n|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

// ------------------------------------------------------------ burst

async function burstPhase() {
  const server = await start([]);
  const outcomes = {};
  const http200 = {};
  const note = (map, key) => { map[key] = (map[key] || 0) + 1; };
  const sockets = Array.from({ length: BURST }, () => openSocket(server));
  const requests = Array.from({ length: 200 }, (_, i) => sleep(i * 5).then(() => request(server, { method: 'GET', p: '/healthz' })));
  const opened = await Promise.all(sockets);
  const answered = await Promise.all(requests);
  await sleep(2000);
  for (const ws of opened) {
    if (ws.status !== 101) note(outcomes, ws.status ? `HTTP ${ws.status}` : `error ${ws.error}`);
    else if (ws.close) note(outcomes, `101, closed ${ws.close}`);
    else if (ws.ended) note(outcomes, '101, ended');
    else note(outcomes, '101, open');
    ws.socket.destroy();
  }
  for (const r of answered) note(http200, r.status);
  await stop(server);
  console.log(`\n## Burst: ${BURST} WebSockets opened at once (defaults: --max-connections 1024, --max-websockets 256), 200 GET /healthz beside them\n`);
  console.log('| what | answers |\n|---|---|');
  console.log(`| WebSockets | ${Object.entries(outcomes).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
  console.log(`| /healthz | ${Object.entries(http200).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
}

console.log(`binary: ${binary} (${createHash('sha256').update(readFileSync(binary)).digest('hex').slice(0, 12)})`);
console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const phase of PHASES) {
  if (phase === 'exports') await exportsPhase();
  else if (phase === 'sockets') await socketsPhase();
  else if (phase === 'replay') await replayPhase();
  else if (phase === 'burst') await burstPhase();
  else throw new Error(`unknown phase ${phase}`);
}
process.exit(0);
