#!/usr/bin/env node
// Checks that agentmock answers each workload body with the shape the peers'
// workloads have, so a benchmark never measures an empty or broken response.
// The peers' verify.mjs only checks top-level arrays; agentmock's lists are
// Relay connections (objects), so it would pass an empty `nodes` too.
//
//   node bench/check-shape.mjs URL bench/queries/q1.json [...]
//
// Prints one line per body: OK/BAD, bytes, and every list's length range by
// path (e.g. agents.nodes[20] agents.nodes.dailyMetrics[30]). BAD when the
// response has errors or no data, or when any list of the first level of
// lists (the workload's main list) is empty. Exit status: number of BAD bodies.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [url, ...files] = process.argv.slice(2);
if (!url || files.length === 0) {
  console.error('usage: check-shape.mjs URL BODY.json [...]');
  process.exit(64);
}

// Expected list lengths per workload (path -> [min, max]); other lists are only reported.
const EXPECT = {
  q1: { 'agents.nodes': [20, 20] },
  q2: {
    'agents.nodes': [20, 20],
    'agents.nodes.dailyMetrics': [30, 30],
    'agents.nodes.conversations.nodes': [0, 10],
  },
  q3: { 'analytics.costByModel': [1, Infinity] },
};

function lists(value, path, out) {
  if (Array.isArray(value)) {
    const r = out.get(path) ?? [Infinity, -Infinity];
    out.set(path, [Math.min(r[0], value.length), Math.max(r[1], value.length)]);
    for (const item of value) lists(item, path, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) lists(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

let bad = 0;
for (const file of files) {
  const name = basename(file, '.json');
  const problems = [];
  let text = '';
  let status = 0;
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(file, 'utf8') });
    status = res.status;
    text = await res.text();
  } catch (e) {
    problems.push(`request failed: ${e.message}`);
  }
  let j = {};
  try { j = JSON.parse(text); } catch { if (!problems.length) problems.push('response is not JSON'); }
  if (status && status !== 200) problems.push(`status ${status}`);
  if (j.errors) problems.push(`errors: ${j.errors.map((e) => e.message).join('; ').slice(0, 200)}`);
  if (!j.data) problems.push('no data');
  const found = lists(j.data ?? null, '', new Map());
  for (const [path, [min, max]] of Object.entries(EXPECT[name] ?? {})) {
    const r = found.get(path);
    if (!r) { if (j.data) problems.push(`no list at ${path}`); continue; }
    if (r[0] < min || r[1] > max) problems.push(`${path} has ${r[0]}..${r[1]} items, expected ${min}..${max === Infinity ? 'n' : max}`);
  }
  if (!EXPECT[name] && j.data && ![...found.values()].some(([, max]) => max > 0)) problems.push('no non-empty list');
  const shape = [...found].map(([p, [a, b]]) => `${p}[${a === b ? a : `${a}..${b}`}]`).join(' ');
  console.log(`${problems.length ? 'BAD' : 'OK '} ${name} bytes=${text.length} ${shape}${problems.length ? ' -- ' + problems.join('; ') : ''}`);
  if (problems.length) bad++;
}
process.exit(bad);
