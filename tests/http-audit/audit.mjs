// Runs the published graphql-http server audits (the GraphQL-over-HTTP
// spec's MUSTs, SHOULDs and MAYs) against the real agentmock binary on a
// free loopback port. Every MUST and SHOULD must pass; MAYs are reported.
//
//   node audit.mjs [path/to/agentmock]     (default: ../../target/debug/agentmock)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { serverAudits } from 'graphql-http';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] || path.join(here, '../../target/debug/agentmock');
const server = spawn(binary, ['--port', '0', '--now', '2025-01-19T14:00:00Z', '--log', 'warn'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);

const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('agentmock did not print its URL within 60 s')), 60_000);
  server.on('exit', (code) => reject(new Error(`agentmock exited (${code}) before listening`)));
  createInterface({ input: server.stdout }).on('line', (line) => {
    const match = line.match(/listening on (http:\/\/\S+\/graphql)/);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
});

let passed = 0;
let failed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const required = /^(MUST|SHOULD)\b/.test(audit.name);
  const ok = result.status === 'ok';
  const mark = ok ? 'ok  ' : required ? 'FAIL' : 'may ';
  console.log(`${mark} ${audit.id} ${audit.name}${ok ? '' : `: ${result.reason}`}`);
  if (ok || !required) passed += 1;
  else failed += 1;
  if (result.response?.body && typeof result.response.body.cancel === 'function') await result.response.body.cancel();
}
console.log(`${passed} passed, ${failed} failed`);
stop();
process.exit(failed === 0 ? 0 : 1);
