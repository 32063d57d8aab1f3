// agentmock's engine in process, compiled to WebAssembly: the server's
// dataset, schema and answers, byte for byte, with no server at all (a
// browser tab, a Service Worker under MSW, Storybook, Vitest, Node). The
// module (engine/, a few MB) is loaded on the first createEngine(), so
// nothing else in the package pays for it.
import { engineArgs } from "../lib/args.js";

/**
 * The origin relative URLs are resolved against, and the one the
 * in-process links use: the server's default public URL, so links in
 * answers (avatars, exports) read as a default server's.
 */
export const ENGINE_ORIGIN = "http://127.0.0.1:4000";

let loading;

/** Loads and instantiates the module once (Node reads the file; a browser fetches it). */
function load(source) {
  loading ??= (async () => {
    const glue = await import("./engine/agentmock_engine.js");
    let input = source ?? new URL("./engine/agentmock_engine_bg.wasm", import.meta.url);
    if (input instanceof URL && input.protocol === "file:") {
      // Node reads the file (its fetch takes no file: URL). The specifier is
      // not a literal, so bundlers leave this import to run time (the
      // comments tell webpack and Vite as much) and a browser never loads it.
      const fs = "node:fs/promises";
      const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
      input = await readFile(input);
    }
    await glue.default({ module_or_path: input });
    return glue;
  })();
  return loading;
}

/** A request's headers as the flat name/value list the module takes. */
function flat(headers) {
  if (!headers) return [];
  const entries = headers instanceof Headers ? [...headers] : Array.isArray(headers) ? headers : Object.entries(headers);
  return entries.flatMap(([name, value]) => [String(name), String(value)]);
}

/** An operation that could not run: the errors the server would send. */
export class EngineError extends Error {
  constructor(errors) {
    super(errors[0]?.message ?? "the operation failed");
    this.name = "EngineError";
    this.errors = errors;
  }
}

function rethrow(error) {
  if (typeof error === "string") {
    try {
      return new EngineError(JSON.parse(error));
    } catch {
      return new Error(error);
    }
  }
  return error;
}

/** Statuses whose responses have no body (Fetch standard). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Generates a dataset in process, exactly as `agentmock` with the same
 * options would (`seed`, `now`, `scenario`, `sessions`, `faults`,
 * `latency`, `publicUrl`, and any other server flag in `args`). `wasm`
 * overrides where the module comes from (a URL or its bytes), for
 * bundlers that move it.
 */
export async function createEngine(options = {}) {
  const glue = await load(options.wasm);
  const inner = new glue.Engine(engineArgs(options));
  let disposed = false;
  const live = () => {
    if (disposed) throw new Error("the engine was disposed");
    return inner;
  };

  /** Answers a request as the server would: a drop-in `fetch`. */
  const fetchFn = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(new URL(String(input instanceof Request ? input.url : input), ENGINE_ORIGIN), init);
    const url = new URL(request.url);
    const headers = flat(request.headers);
    if (!request.headers.has("host")) headers.push("host", url.host);
    const body = request.method === "GET" || request.method === "HEAD" ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
    const answer = await live().fetch(request.method, url.pathname + url.search, headers, body);
    try {
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < answer.headers.length; i += 2) responseHeaders.append(answer.headers[i], answer.headers[i + 1]);
      const status = answer.status;
      return new Response(NULL_BODY.has(status) ? null : answer.body, { status, headers: responseHeaders });
    } finally {
      answer.free();
    }
  };

  const engine = {
    fetch: fetchFn,

    /** Runs one operation over HTTP (POST /graphql) and returns the parsed answer. */
    async execute(request, { headers } = {}) {
      const response = await fetchFn(`${ENGINE_ORIGIN}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...Object.fromEntries(new Headers(headers ?? {})) },
        body: JSON.stringify(request),
      });
      return response.json();
    },

    /**
     * Starts an operation as a WebSocket client would (`headers` are the
     * connection's: `authorization`, `X-Agentmock-Session`, ...) and
     * resolves, once it follows the data, to an async iterator of its
     * results. Rejects with an EngineError when it cannot start.
     */
    async subscribe(request, { headers } = {}) {
      let running;
      try {
        running = await live().subscribe(flat(headers), JSON.stringify(request));
      } catch (error) {
        throw rethrow(error);
      }
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          running.close();
        }
        return { done: true, value: undefined };
      };
      return {
        async next() {
          if (done) return { done: true, value: undefined };
          let text;
          try {
            text = await running.next();
          } catch (error) {
            finish();
            throw rethrow(error);
          }
          return text === undefined ? finish() : { done: false, value: JSON.parse(text) };
        },
        async return() {
          return finish();
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },

    /**
     * urql's `subscriptionExchange({ forwardSubscription })`, in process:
     * `forwardSubscription: engine.forwardSubscription(headers)`.
     */
    forwardSubscription(headers) {
      return (request) => ({
        subscribe(sink) {
          let iterator;
          let stopped = false;
          (async () => {
            try {
              iterator = await engine.subscribe(
                { query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions },
                { headers },
              );
              if (stopped) return iterator.return();
              for await (const result of iterator) sink.next(result);
              sink.complete();
            } catch (error) {
              if (error instanceof EngineError) {
                sink.next({ errors: error.errors });
                sink.complete();
              } else sink.error(error);
            }
          })();
          return {
            unsubscribe() {
              stopped = true;
              iterator?.return();
            },
          };
        },
      });
    },

    /** The schema's SDL, as `GET /schema.graphql` gives it. */
    schema() {
      return live().schema();
    },

    /** Frees the engine's memory; it answers nothing after. */
    dispose() {
      if (!disposed) {
        disposed = true;
        inner.free();
      }
    },
  };
  return engine;
}
