// The Storybook-like page (bundled by ../wasm.mjs with esbuild): React 19
// and Apollo Client 4 through agentmock's withAgentmock decorator, three
// "stories" of one Fleet component on one page, each in the scenario its
// parameters name, as Storybook would render them with the decorator in
// preview.js. The driver reads the rendered text.
import { gql } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { createRoot } from "react-dom/client";

import { possibleTypes, typePolicies } from "../../../clients/apollo-type-policies.js";
import { createEngine } from "../../../npm/agentmock/wasm/index.js";
import { withAgentmock } from "../../../npm/agentmock/wasm/storybook.js";

const ANCHOR = "2025-01-19T14:00:00Z";

const COUNTS = gql`
  query FleetCounts {
    agents { totalCount }
    errors: agents(filter: { status: [ERROR] }) { totalCount edges { node { id name status } } }
    meta { scenario }
  }
`;

/** The component under story: what a dashboard's fleet card shows. */
function Fleet() {
  const { data, error, loading } = useQuery(COUNTS);
  if (error) return <p className="fleet" data-state="error">error: {error.message}</p>;
  if (loading || !data) return <p className="fleet" data-state="loading">loading</p>;
  const summary = `${data.meta.scenario}: ${data.agents.totalCount} agents, ${data.errors.totalCount} in error`;
  return (
    <div className="fleet" data-state="ready">
      <p className="summary">{summary}</p>
      <ul>
        {data.errors.edges.map(({ node }) => (
          <li key={node.id}>
            {node.name} <span className="status">{node.status}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Stories, as a CSF file would export them: parameters.agentmock picks the data. */
const stories = [
  { id: "incident", name: "Fleet / Incident", parameters: { agentmock: { scenario: "incident" } } },
  { id: "empty", name: "Fleet / Empty", parameters: { agentmock: { scenario: "empty" } } },
  { id: "default", name: "Fleet / Default", parameters: {} },
];

async function main() {
  // The module's URL given explicitly, as with a bundler that moves assets.
  const engine = await createEngine({ now: ANCHOR, wasm: new URL("/engine/agentmock_engine_bg.wasm", location.origin) });
  const decorator = withAgentmock({ engine, typePolicies, possibleTypes });
  createRoot(document.getElementById("root")).render(
    <main>
      {stories.map((story) => (
        <section key={story.id} data-story={story.id}>
          <h2>{story.name}</h2>
          {decorator(Fleet, { id: story.id, name: story.name, parameters: story.parameters, args: {} })}
        </section>
      ))}
    </main>,
  );
}

window.agentmockStarted = main().then(
  () => ({ ok: true }),
  (error) => ({ ok: false, error: String(error?.stack ?? error) }),
);
