import type { ApolloLink } from "@apollo/client";
import type { AgentmockEngine } from "./index.js";

/** An Apollo Client 4 link executing in process: queries and mutations over the engine's fetch, subscriptions over its subscribe. */
export function engineLink(engine: AgentmockEngine, options?: { headers?: Record<string, string> }): ApolloLink;
