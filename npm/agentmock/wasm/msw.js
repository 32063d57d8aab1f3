// MSW handlers answering from the engine: every route the server has
// (/graphql over GET and POST, /schema.graphql, /healthz, /sessions,
// /avatars, /exports), for a Service Worker in the browser (setupWorker)
// or Node (setupServer). The response is the engine's, byte for byte.
import { http } from "msw";

/** The server's routes, relative to its base URL. */
const ROUTES = ["/graphql", "/schema.graphql", "/healthz", "/sessions/*", "/avatars/*", "/exports/*"];

/**
 * Handlers for `engine` (from createEngine) under `baseUrl` (default `*`:
 * any origin, so `/graphql` on the page's own origin or
 * `http://localhost:4000/graphql` alike).
 */
export function agentmockHandlers(engine, { baseUrl = "*" } = {}) {
  const base = baseUrl.replace(/\/+$/, "");
  return ROUTES.map((route) => http.all(`${base}${route}`, ({ request }) => engine.fetch(request)));
}
