import type { TestType } from "@playwright/test";

import type { AgentmockOptions } from "./index.js";

export interface AgentmockWebServerOptions extends Omit<AgentmockOptions, "onOutput" | "startTimeoutMs" | "cwd"> {
  /** Default 4000 (a `webServer` needs a known port). */
  port?: number;
  /** Playwright's `reuseExistingServer`; default `!process.env.CI`. */
  reuseExistingServer?: boolean;
  /** Playwright's start timeout in ms; default 60000. */
  timeout?: number;
}

/** One entry of Playwright's `webServer` config. */
export interface AgentmockWebServer {
  command: string;
  url: string;
  reuseExistingServer: boolean;
  timeout: number;
  stdout: "ignore" | "pipe";
  stderr: "ignore" | "pipe";
  env?: Record<string, string>;
}

export function agentmockWebServer(options?: AgentmockWebServerOptions): AgentmockWebServer;

/** The fixtures `withAgentmockSession` adds. */
export interface AgentmockFixtures {
  /** This worker's session id, `${prefix}-${workerIndex}`. */
  agentmockSession: string;
  /** The server's base URL (a worker option). */
  agentmockUrl: string;
}

/** Playwright's `test`, extended with the worker's session (and a `page` that sends it). */
export function withAgentmockSession<T extends {}, W extends {}>(
  test: TestType<T, W>,
  options?: { url?: string; prefix?: string; reset?: boolean },
): TestType<T, W & AgentmockFixtures>;

export { resetSession, sessionHeaders } from "./index.js";
