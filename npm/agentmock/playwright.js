// Playwright helpers: a `webServer` entry that starts agentmock before the
// run, and fixtures giving each worker its own session (its writes and
// subscriptions its own, reset before each test). Nothing here imports
// @playwright/test: pass your `test` to `withAgentmockSession`.
import { fileURLToPath } from "node:url";

import { agentmockArgs, resetSession, sessionHeaders } from "./index.js";

const SHIM = fileURLToPath(new URL("./bin/agentmock.js", import.meta.url));

/** Quotes one word for the shell Playwright runs `command` in. */
function quote(word) {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return process.platform === "win32" ? `"${word.replace(/"/g, '""')}"` : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * A Playwright `webServer` entry: agentmock on 127.0.0.1 and `port`
 * (default 4000; Playwright waits for its `/healthz`). Options as
 * `startAgentmock`'s, plus Playwright's own `reuseExistingServer`
 * (default: not on CI), `timeout` and `env`.
 */
export function agentmockWebServer(options = {}) {
  const port = options.port ?? 4000;
  const host = options.host ?? "127.0.0.1";
  const args = agentmockArgs({ ...options, port, host });
  const command = [process.execPath, SHIM, ...args].map(quote).join(" ");
  const probeHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const env = { ...options.env };
  if (options.binary) env.AGENTMOCK_BINARY = options.binary;
  return {
    command,
    url: `http://${probeHost.includes(":") ? `[${probeHost}]` : probeHost}:${port}/healthz`,
    reuseExistingServer: options.reuseExistingServer ?? !process.env.CI,
    timeout: options.timeout ?? 60_000,
    stdout: "ignore",
    stderr: "pipe",
    ...(Object.keys(env).length > 0 ? { env: { ...process.env, ...env } } : {}),
  };
}

/**
 * Extends Playwright's `test` with `agentmockSession` (a worker-scoped
 * session id, `${prefix}-${workerIndex}`) and a `page` whose requests all
 * carry it; the session is reset before each test unless `reset: false`.
 * `url` is the server's base URL (default http://127.0.0.1:4000).
 */
export function withAgentmockSession(test, { url = "http://127.0.0.1:4000", prefix = "worker", reset = true } = {}) {
  return test.extend({
    agentmockUrl: [url, { scope: "worker", option: true }],
    // Playwright reads fixture dependencies from the destructuring pattern:
    // `{}` means none.
    agentmockSession: [async ({}, use, workerInfo) => use(`${prefix}-${workerInfo.workerIndex}`), { scope: "worker" }],
    page: async ({ page, agentmockSession, agentmockUrl }, use) => {
      if (reset) await resetSession(agentmockUrl, agentmockSession);
      await page.context().setExtraHTTPHeaders(sessionHeaders(agentmockSession));
      await use(page);
    },
  });
}

export { resetSession, sessionHeaders };
