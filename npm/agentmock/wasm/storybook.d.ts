import type { ComponentType, ReactElement } from "react";
import type { AgentmockEngine } from "./index.js";

/** What a story chooses with `parameters.agentmock`. */
export interface AgentmockParameters {
  scenario?: "default" | "empty" | "onboarding" | "incident" | "cost-spike" | "large";
  session?: string;
  seed?: number | string;
  now?: string;
  fault?: string;
  latency?: number | string;
  headers?: Record<string, string>;
}

/** A decorator giving each story an Apollo client over `engine` in the scenario and session it names. */
export function withAgentmock(options: {
  engine: AgentmockEngine;
  typePolicies?: Record<string, unknown>;
  possibleTypes?: Record<string, string[]>;
}): (Story: ComponentType, context: { parameters?: { agentmock?: AgentmockParameters } }) => ReactElement;
