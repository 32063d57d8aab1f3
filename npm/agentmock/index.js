// agentmock's JavaScript API: start the binary on a free loopback port
// for a test run, wait until it is healthy, and stop it. Also the headers
// a test sends to choose its session, and session set-up over HTTP.
import { spawn } from "node:child_process";

import { agentmockArgs } from "./lib/args.js";
import { BINARY_VARIABLE, binaryPath } from "./lib/binary.js";

export { BINARY_VARIABLE, agentmockArgs, binaryPath };

/** The per-request headers (README: "One server for every test"). */
export const HEADERS = Object.freeze({
  session: "X-Agentmock-Session",
  scenario: "X-Agentmock-Scenario",
  seed: "X-Agentmock-Seed",
  now: "X-Agentmock-Now",
  latency: "X-Agentmock-Latency",
  fault: "X-Agentmock-Fault",
  extensions: "X-Agentmock-Extensions",
});

const SESSION_ID = /^[A-Za-z0-9\-_.:@]{1,128}$/;

// Servers still running when this process exits are killed: one listener
// for all of them.
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts agentmock (on 127.0.0.1 and a free port unless told otherwise),
 * resolves once `/healthz` answers ok. The server is stopped by `stop()`,
 * and killed if this process exits first.
 */
export async function startAgentmock(options = {}) {
  const binary = binaryPath(options.binary, { ...process.env, ...options.env });
  const args = agentmockArgs(options);
  const child = spawn(binary, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  let output = "";
  const onOutput = options.onOutput;
  const listening = new Promise((resolve, reject) => {
    const look = (chunk) => {
      const text = chunk.toString();
      onOutput?.(text);
      // Kept short: only what explains a failed start is needed.
      output = (output + text).slice(-20_000);
      const found = output.match(/listening on (https?:\/\/\S+?)\/graphql/);
      if (found) resolve(found[1]);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("error", (error) => reject(new Error(`cannot run ${binary}: ${error.message}`)));
    exited.then(({ code, signal }) =>
      reject(new Error(`agentmock exited (${signal ?? code}) before listening:\n${output.trim()}`)),
    );
  });

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`agentmock did not become healthy within ${timeoutMs} ms:\n${output.trim()}`)), timeoutMs);
  });

  const stop = async ({ graceMs = 5_000 } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const late = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(late);
    }
  };

  try {
    const url = await Promise.race([listening, timeout]);
    await Promise.race([waitHealthy(url, () => child.exitCode !== null), timeout]);
    const port = Number(new URL(url).port);
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      wsUrl: `${url.replace(/^http/, "ws")}/graphql`,
      healthUrl: `${url}/healthz`,
      port,
      pid: child.pid,
      stop,
      [Symbol.asyncDispose ?? Symbol.for("Symbol.asyncDispose")]: stop,
    };
  } catch (error) {
    await stop({ graceMs: 0 });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `/healthz` until it says ok (or the server is gone). */
async function waitHealthy(url, gone) {
  for (;;) {
    if (gone()) throw new Error("agentmock exited while starting");
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok && (await response.json()).status === "ok") return;
    } catch {
      // Not accepting yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A session id for this test worker: Playwright's, Vitest's or Jest's
 * worker number when one runs, else this process's id.
 */
export function workerSessionId(prefix = "worker", env = process.env) {
  const worker = env.TEST_WORKER_INDEX ?? env.VITEST_POOL_ID ?? env.VITEST_WORKER_ID ?? env.JEST_WORKER_ID;
  return `${prefix}-${worker ?? `pid${process.pid}`}`;
}

/** The header that puts a request in session `id` (default: this worker's). */
export function sessionHeaders(id = workerSessionId()) {
  if (!SESSION_ID.test(id)) {
    throw new Error(`not a session id: ${JSON.stringify(id)} (1 to 128 of A-Z a-z 0-9 - _ . : @)`);
  }
  return { [HEADERS.session]: id };
}

/** Puts session `id` back to its seeded state (`POST /sessions/{id}/reset`). */
export async function resetSession(url, id = workerSessionId()) {
  sessionHeaders(id);
  const response = await fetch(`${base(url)}/sessions/${encodeURIComponent(id)}/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`resetting session ${id}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Drops session `id` (`DELETE /sessions/{id}`). */
export async function dropSession(url, id = workerSessionId()) {
  sessionHeaders(id);
  const response = await fetch(`${base(url)}/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
  if (!response.ok && response.status !== 404) {
    throw new Error(`dropping session ${id}: ${response.status} ${await response.text()}`);
  }
}

/** The server's base URL from its base or GraphQL URL. */
function base(url) {
  return String(url).replace(/\/+$/, "").replace(/\/graphql$/, "");
}
