// A Storybook decorator for React and Apollo Client: each story reads the
// engine's data in the scenario and session its parameters name, with a
// client (and cache) of its own per scenario and session.
import { ApolloClient, InMemoryCache } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { createElement } from "react";

import { engineLink } from "./apollo.js";

/**
 * `withAgentmock({ engine, typePolicies, possibleTypes })`: a decorator.
 * A story chooses with `parameters.agentmock`: `{ scenario, session,
 * seed, now, fault, latency, headers }` (default: the engine's dataset,
 * session `storybook`).
 */
export function withAgentmock({ engine, typePolicies, possibleTypes }) {
  const clients = new Map();
  const clientFor = (choice = {}) => {
    // Only what the story chooses: without a scenario it reads the engine's own.
    const headers = {
      ...(choice.scenario === undefined ? {} : { "X-Agentmock-Scenario": choice.scenario }),
      "X-Agentmock-Session": choice.session ?? "storybook",
      ...(choice.seed === undefined ? {} : { "X-Agentmock-Seed": String(choice.seed) }),
      ...(choice.now === undefined ? {} : { "X-Agentmock-Now": String(choice.now) }),
      ...(choice.fault === undefined ? {} : { "X-Agentmock-Fault": String(choice.fault) }),
      ...(choice.latency === undefined ? {} : { "X-Agentmock-Latency": String(choice.latency) }),
      ...choice.headers,
    };
    const key = JSON.stringify(headers);
    if (!clients.has(key)) {
      clients.set(
        key,
        new ApolloClient({ link: engineLink(engine, { headers }), cache: new InMemoryCache({ typePolicies, possibleTypes }) }),
      );
    }
    return clients.get(key);
  };
  return (Story, context) =>
    createElement(ApolloProvider, { client: clientFor(context.parameters?.agentmock) }, createElement(Story));
}
