// The timing page (bundled by ../wasm.mjs with esbuild): how long a
// browser takes to fetch, compile and instantiate the module, to generate
// the default dataset (x1, default sizes) and to answer the first query,
// measured with performance.now() on the page's main thread.
import init from "../../../npm/agentmock/wasm/engine/agentmock_engine.js";
import { createEngine } from "../../../npm/agentmock/wasm/index.js";

const ANCHOR = "2025-01-19T14:00:00Z";
// A dashboard's first screen: the fleet's first page and its counts.
const DASHBOARD = `query Dashboard {
  agents(first: 20) { totalCount edges { node { id name status kind model } } }
  inError: agents(filter: { status: [ERROR] }) { totalCount }
  meta { scenario }
}`;

async function run() {
  const t0 = performance.now();
  // The glue the package loads (one copy in the bundle): fetch, compile,
  // instantiate. createEngine then finds it ready.
  await init({ module_or_path: new URL("./engine/agentmock_engine_bg.wasm", import.meta.url) });
  const t1 = performance.now();
  const engine = await createEngine({ now: ANCHOR });
  const t2 = performance.now();
  const first = await engine.execute({ query: DASHBOARD });
  const t3 = performance.now();
  const again = await engine.execute({ query: DASHBOARD });
  const t4 = performance.now();
  // Another scenario, as a story's header asks: generated on first use.
  const incident = await engine.execute({ query: DASHBOARD }, { headers: { "X-Agentmock-Scenario": "incident" } });
  const t5 = performance.now();
  // A second engine: generation again, with the code it runs compiled.
  const other = await createEngine({ now: ANCHOR, seed: 2 });
  const t6 = performance.now();
  other.dispose();
  engine.dispose();
  return {
    ms: { load: t1 - t0, generate: t2 - t1, firstQuery: t3 - t2, secondQuery: t4 - t3, incidentFirstQuery: t5 - t4, generateAgain: t6 - t5 },
    figures: [first, again, incident].map((r) => ({
      errors: r.errors ?? null,
      agents: r.data?.agents?.totalCount,
      page: r.data?.agents?.edges?.length,
      inError: r.data?.inError?.totalCount,
      scenario: r.data?.meta?.scenario,
    })),
  };
}

window.agentmockResult = run().then(
  (value) => ({ ok: true, value }),
  (error) => ({ ok: false, error: String(error?.stack ?? error) }),
);
