import type { AgentmockOptions } from "../index.js";

/**
 * Options of an in-process engine: the server's dataset and testing
 * options, as `startAgentmock` takes them (`agentmock --help`; `now`
 * defaults to the current hour: pin it in tests), and where links point.
 */
export interface EngineOptions
  extends Pick<AgentmockOptions, "seed" | "now" | "scenario" | "sessions" | "faults" | "latency" | "args"> {
  /** Base URL of links in answers (avatars, exports); default `http://127.0.0.1:4000`. */
  publicUrl?: string;
  /** Where the module comes from, when a bundler moves it: its URL, or its bytes. */
  wasm?: URL | string | BufferSource | WebAssembly.Module;
}

/** A GraphQL request, as a client sends it. */
export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
  extensions?: Record<string, unknown>;
}

/** A GraphQL result, as the server sends it. */
export interface GraphQLResult<TData = any> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** Headers, as `fetch` takes them. */
export type HeadersLike = Record<string, string> | Array<[string, string]> | Headers;

/** An operation's results as they come; `return()` stops it. */
export interface Results<TData = any> extends AsyncIterableIterator<GraphQLResult<TData>> {
  next(): Promise<IteratorResult<GraphQLResult<TData>, undefined>>;
  return(): Promise<IteratorResult<GraphQLResult<TData>, undefined>>;
}

/** A dataset served in process. */
export interface AgentmockEngine {
  /** Answers a request as the server would: a drop-in `fetch` (relative URLs resolve against ENGINE_ORIGIN). */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Runs one operation over HTTP (`POST /graphql`) and returns the parsed answer. */
  execute<TData = any>(request: GraphQLRequest, options?: { headers?: HeadersLike }): Promise<GraphQLResult<TData>>;
  /**
   * Starts an operation as a WebSocket client would (`headers`, or
   * `connectionParams` as the server reads a socket's, are its
   * connection's); resolves, once it follows the data, to its results.
   * Rejects with an EngineError when it cannot start; an operation that
   * does not validate rejects its first `next()`.
   */
  subscribe<TData = any>(
    request: GraphQLRequest,
    options?: { headers?: HeadersLike; connectionParams?: Record<string, unknown> },
  ): Promise<Results<TData>>;
  /** urql's `subscriptionExchange({ forwardSubscription })`, in process. */
  forwardSubscription(headers?: HeadersLike): (
    request: {
      query?: string;
      variables?: Record<string, unknown>;
      operationName?: string;
      extensions?: Record<string, unknown>;
    },
    operation?: { context?: { fetchOptions?: RequestInit | (() => RequestInit) } },
  ) => {
    subscribe(sink: { next(value: any): void; error(error: any): void; complete(): void }): {
      unsubscribe(): void;
    };
  };
  /** The schema's SDL, as `GET /schema.graphql` gives it. */
  schema(): string;
  /** Frees the engine's memory; it answers nothing after. */
  dispose(): void;
}

/** Headers merged as fetch merges them: names ignore case, later sources win. */
export function mergeHeaders(...sources: Array<HeadersLike | undefined>): Headers;

/** The origin relative URLs resolve against, and the in-process links use. */
export const ENGINE_ORIGIN: string;

/** Generates a dataset in process, exactly as `agentmock` with the same options. */
export function createEngine(options?: EngineOptions): Promise<AgentmockEngine>;

/** An operation that could not run: the errors the server would send. */
export class EngineError extends Error {
  errors: NonNullable<GraphQLResult["errors"]>;
}
