import type { AgentmockOptions } from "./index.js";

/** What the global setup provides (`inject("agentmockUrl")`). */
export interface AgentmockProvided {
  agentmockUrl: string;
  agentmockGraphqlUrl: string;
  agentmockWsUrl: string;
}

/** A Vitest `globalSetup` function starting agentmock; it returns the teardown. */
export function agentmockGlobalSetup(
  options?: AgentmockOptions,
): (context?: { provide?: (key: string, value: unknown) => void }) => Promise<() => Promise<void>>;

// Lets `inject("agentmockUrl")` be typed in a project that imports this module.
declare module "vitest" {
  export interface ProvidedContext extends AgentmockProvided {}
}
