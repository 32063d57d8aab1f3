// The MSW page (bundled by ../wasm.mjs with esbuild): the engine behind
// MSW's Service Worker, and the page doing what an app does, plain
// fetch() on its own origin. Nothing here knows about the engine but the
// setup lines; the driver reads window.agentmockResult.
import { setupWorker } from "msw/browser";

import { createEngine } from "../../../npm/agentmock/wasm/index.js";
import { agentmockHandlers } from "../../../npm/agentmock/wasm/msw.js";

const ANCHOR = "2025-01-19T14:00:00Z";
const TOKEN = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";
const SESSION = "browser-msw";
const FLEET = "query Fleet { agents { totalCount } inError: agents(filter: { status: [ERROR] }) { totalCount } meta { scenario } }";

/** POST /graphql on the page's origin, as an app's data layer would. */
async function graphql(query, headers = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

async function run() {
  // The module's URL is left to the package: new URL("./engine/...",
  // import.meta.url), which in this ES-module bundle is the bundle's.
  const engine = await createEngine({ now: ANCHOR });
  const worker = setupWorker(...agentmockHandlers(engine));
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });

  const fleet = await graphql(FLEET);
  const incident = await graphql(FLEET, { "X-Agentmock-Scenario": "incident" });
  const inSession = { authorization: TOKEN, "X-Agentmock-Session": SESSION };
  const created = await graphql(
    `mutation { createAgent(input: { name: "Browser MSW Bot", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { name status } } }`,
    inSession,
  );
  const sessionRead = await graphql(`{ agents { totalCount } mine: agents(filter: { search: "Browser MSW" }) { nodes { name } } }`, inSession);
  const sharedRead = await graphql(`{ agents { totalCount } mine: agents(filter: { search: "Browser MSW" }) { nodes { name } } }`);
  const sessionInfo = await (await fetch(`/sessions/${SESSION}`)).json();
  const schemaResponse = await fetch("/schema.graphql");
  const sdl = await schemaResponse.text();
  const health = await (await fetch("/healthz")).json();
  return {
    controlled: Boolean(navigator.serviceWorker.controller),
    fleet,
    incident,
    created,
    sessionRead,
    sharedRead,
    sessionWrites: sessionInfo.sandboxes?.map((s) => s.writes),
    schema: {
      status: schemaResponse.status,
      type: schemaResponse.headers.get("content-type"),
      length: sdl.length,
      sameAsEngine: sdl === engine.schema(),
      hasAgent: /\btype Agent implements\b/.test(sdl),
    },
    anchorTime: health.anchorTime,
  };
}

window.agentmockResult = run().then(
  (value) => ({ ok: true, value }),
  (error) => ({ ok: false, error: String(error?.stack ?? error) }),
);
