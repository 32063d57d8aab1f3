/** Options for starting agentmock; each maps to a CLI flag (`agentmock --help`). */
export interface AgentmockOptions {
  /** Master seed (`--seed`); default 12345. */
  seed?: number | bigint | string;
  /** Anchor time, RFC 3339 or a Date (`--now`). Pin it in tests: dates then never move. */
  now?: string | Date;
  /** The served dataset's scenario (`--scenario`). */
  scenario?: "default" | "empty" | "onboarding" | "incident" | "cost-spike" | "large";
  /** Session limits: a number is `--max-sessions`. */
  sessions?: number | { max?: number; idleMs?: number; memoryMb?: number };
  /** Faults for requests that send no `X-Agentmock-Fault` (`--fault`), e.g. `"error:Analytics.costByModel@0.5"`. */
  faults?: string | string[];
  /** Latency for requests that send no `X-Agentmock-Latency` (`--latency`): `250`, `"100-800"`, `"none"`. */
  latency?: number | string;
  /** `--simulator`: `auto` (off when `now` is pinned), `on`, `off`. */
  simulator?: "auto" | "on" | "off";
  /** Port to listen on; default 0, a free port the OS picks. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Log filter (`--log`); default `warn`. */
  log?: string;
  /** More CLI arguments, after the ones above. */
  args?: string[];
  /** The binary to run instead of the platform package's (or set AGENTMOCK_BINARY). */
  binary?: string;
  /** Environment variables for the server, over this process's. */
  env?: Record<string, string | undefined>;
  /** Working directory (agentmock reads a `.env` there). */
  cwd?: string;
  /** Milliseconds to wait until healthy; default 30000. */
  startTimeoutMs?: number;
  /** Receives the server's output (stdout and stderr) as it comes. */
  onOutput?: (text: string) => void;
}

/** A running agentmock. */
export interface AgentmockServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`; GraphiQL is at `${url}/`. */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** `ws://…/graphql`, for graphql-ws (`graphql-transport-ws`). */
  wsUrl: string;
  /** `${url}/healthz` */
  healthUrl: string;
  port: number;
  pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`, default 5000). */
  stop(options?: { graceMs?: number }): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts agentmock and resolves once `/healthz` answers ok. */
export function startAgentmock(options?: AgentmockOptions): Promise<AgentmockServer>;

/** The CLI arguments `options` stand for. */
export function agentmockArgs(options?: AgentmockOptions): string[];

/** The binary that would run: `explicit`, `$AGENTMOCK_BINARY`, or the platform package's. */
export function binaryPath(explicit?: string, env?: Record<string, string | undefined>): string;

/** `"AGENTMOCK_BINARY"` */
export const BINARY_VARIABLE: "AGENTMOCK_BINARY";

/** The per-request header names. */
export const HEADERS: {
  readonly session: "X-Agentmock-Session";
  readonly scenario: "X-Agentmock-Scenario";
  readonly seed: "X-Agentmock-Seed";
  readonly now: "X-Agentmock-Now";
  readonly latency: "X-Agentmock-Latency";
  readonly fault: "X-Agentmock-Fault";
  readonly extensions: "X-Agentmock-Extensions";
};

/** `${prefix}-${worker}` from Playwright's, Vitest's or Jest's worker number (else the pid). */
export function workerSessionId(prefix?: string, env?: Record<string, string | undefined>): string;

/** `{ "X-Agentmock-Session": id }`; throws on an id the server would refuse. */
export function sessionHeaders(id?: string): { "X-Agentmock-Session": string };

/** `POST /sessions/{id}/reset`: the session's sandboxes back to their seeded state. */
export function resetSession(url: string, id?: string): Promise<{ id: string; reset: number }>;

/** `DELETE /sessions/{id}`. */
export function dropSession(url: string, id?: string): Promise<void>;
