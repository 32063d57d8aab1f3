// Vitest helper: a `globalSetup` that starts one agentmock for the whole
// run and stops it after. Tests read its URLs with `inject("agentmockUrl")`
// (Vitest's provide/inject) or from process.env.AGENTMOCK_URL and
// AGENTMOCK_GRAPHQL_URL.
import { startAgentmock } from "./index.js";

/**
 * `export default agentmockGlobalSetup({ now: "2025-01-19T14:00:00Z" })` in
 * the file `test.globalSetup` names. Options as `startAgentmock`'s.
 */
export function agentmockGlobalSetup(options = {}) {
  return async function setup(context) {
    const server = await startAgentmock(options);
    const provided = {
      agentmockUrl: server.url,
      agentmockGraphqlUrl: server.graphqlUrl,
      agentmockWsUrl: server.wsUrl,
    };
    if (typeof context?.provide === "function") {
      for (const [key, value] of Object.entries(provided)) context.provide(key, value);
    }
    process.env.AGENTMOCK_URL = server.url;
    process.env.AGENTMOCK_GRAPHQL_URL = server.graphqlUrl;
    process.env.AGENTMOCK_WS_URL = server.wsUrl;
    return async function teardown() {
      await server.stop();
    };
  };
}
