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
    if (typeof input === "string" && input.startsWith("file:")) input = new URL(input);
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
  // A failed load is not kept: the next call (with another `wasm`) tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Headers as [name, value] pairs, whatever holds them: a Headers object
 * (from any realm: jsdom's, happy-dom's, MSW's), pairs, or a plain object.
 */
function pairs(headers) {
  if (!headers) return [];
  if (typeof headers.forEach === "function" && !Array.isArray(headers)) {
    const found = [];
    headers.forEach((value, name) => found.push([name, value]));
    return found;
  }
  return Array.isArray(headers) ? headers : Object.entries(headers);
}

/** Headers merged as fetch merges them: names ignore case, later ones win. */
export function mergeHeaders(...sources) {
  const merged = new Headers();
  for (const source of sources) for (const [name, value] of pairs(source)) merged.set(name, String(value));
  return merged;
}

/** A request's headers as the flat name/value list the module takes. */
function flat(headers) {
  return pairs(headers).flatMap(([name, value]) => [String(name), String(value)]);
}

/** Whether `input` is a Request, from this realm or another. */
function isRequest(input) {
  return typeof input === "object" && input !== null && typeof input.url === "string" && typeof input.method === "string";
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
  const fetchFn = async (input, init = {}) => {
    const request = isRequest(input) ? input : undefined;
    const url = new URL(request ? request.url : String(input), ENGINE_ORIGIN);
    const method = String(init.method ?? request?.method ?? "GET").toUpperCase();
    const headers = mergeHeaders(request?.headers, init.headers);
    if (!headers.has("host")) headers.set("host", url.host);
    let body = new Uint8Array();
    if (method !== "GET" && method !== "HEAD") {
      if (init.body !== undefined && init.body !== null) {
        const wrapped = new Request(url, { method, body: init.body });
        if (!headers.has("content-type") && wrapped.headers.has("content-type")) headers.set("content-type", wrapped.headers.get("content-type"));
        body = new Uint8Array(await wrapped.arrayBuffer());
      } else if (request) {
        body = new Uint8Array(await request.arrayBuffer());
      }
    }
    init.signal?.throwIfAborted?.();
    const answer = await live().fetch(method, url.pathname + url.search, flat(headers), body);
    try {
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < answer.headers.length; i += 2) responseHeaders.append(answer.headers[i], answer.headers[i + 1]);
      const status = answer.status;
      return new Response(NULL_BODY.has(status) ? null : answer.body, { status, headers: responseHeaders });
    } finally {
      answer.free();
    }
  };

  /** Subscriptions running, closed by dispose(). */
  const open = new Set();

  const engine = {
    fetch: fetchFn,

    /** Runs one operation over HTTP (POST /graphql) and returns the parsed answer. */
    async execute(request, { headers } = {}) {
      const response = await fetchFn(`${ENGINE_ORIGIN}/graphql`, {
        method: "POST",
        headers: mergeHeaders({ "content-type": "application/json", accept: "application/graphql-response+json" }, headers),
        body: JSON.stringify(request),
      });
      return response.json();
    },

    /**
     * Starts an operation as a WebSocket client would: `headers` (or
     * `connectionParams`, read as the server reads a socket's: the same
     * names, nested `headers`, `token`) are its connection's. Resolves,
     * once it follows the data, to an async iterator of its results.
     * Rejects with an EngineError when it cannot start; one that does not
     * validate rejects its first `next()`.
     */
    async subscribe(request, { headers, connectionParams } = {}) {
      const params = { ...connectionParams, ...Object.fromEntries(pairs(headers)) };
      let running;
      try {
        running = await live().subscribe(JSON.stringify(params), JSON.stringify(request));
      } catch (error) {
        throw rethrow(error);
      }
      let done = false;
      // One call at a time reaches the module: later ones wait their turn.
      let queue = Promise.resolve();
      const iterator = {
        next() {
          const turn = queue.then(async () => {
            if (done) return { done: true, value: undefined };
            let text;
            try {
              text = await running.next();
            } catch (error) {
              finish();
              throw rethrow(error);
            }
            return text === undefined ? finish() : { done: false, value: JSON.parse(text) };
          });
          queue = turn.catch(() => {});
          return turn;
        },
        async return() {
          return finish();
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      function finish() {
        if (!done) {
          done = true;
          open.delete(iterator);
          running.close();
        }
        return { done: true, value: undefined };
      }
      open.add(iterator);
      return iterator;
    },

    /**
     * urql's `subscriptionExchange({ forwardSubscription })`, in process:
     * `forwardSubscription: engine.forwardSubscription(headers)`.
     */
    forwardSubscription(headers) {
      return (request, operation) => ({
        subscribe(sink) {
          let iterator;
          let stopped = false;
          (async () => {
            try {
              const own = operation?.context?.fetchOptions;
              const perOperation = (typeof own === "function" ? own() : own)?.headers;
              iterator = await engine.subscribe(
                { query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions },
                { headers: mergeHeaders(headers, perOperation) },
              );
              if (stopped) return void iterator.return();
              for await (const result of iterator) sink.next(result);
              if (!stopped) sink.complete();
            } catch (error) {
              if (stopped) return;
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
        for (const iterator of [...open]) iterator.return();
        inner.free();
      }
    },
  };
  return engine;
}
