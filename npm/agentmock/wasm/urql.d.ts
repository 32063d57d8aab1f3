import type { Exchange } from "@urql/core";
import type { AgentmockEngine } from "./index.js";

/** A urql exchange executing in process, in place of fetchExchange: queries and mutations over the engine's fetch, subscriptions over its subscribe. */
export function engineExchange(engine: AgentmockEngine, options?: { headers?: Record<string, string> }): Exchange;
