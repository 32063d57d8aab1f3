import type { HttpHandler } from "msw";
import type { AgentmockEngine } from "./index.js";

/** MSW handlers for every route of the server, answered by `engine`, under `baseUrl` (default `*`). */
export function agentmockHandlers(engine: AgentmockEngine, options?: { baseUrl?: string }): HttpHandler[];
