// A urql exchange that executes in process: every operation goes to the
// engine (queries and mutations through its fetch, the server's HTTP
// answers; subscriptions through its subscribe). Put it last, in place of
// fetchExchange; no network at all.
import { composeExchanges, fetchExchange, makeOperation, subscriptionExchange } from "@urql/core";
import { map, pipe } from "wonka";

import { ENGINE_ORIGIN, mergeHeaders } from "./index.js";

/** `engineExchange(engine, { headers })`: `headers` go with every operation. */
export function engineExchange(engine, { headers = {} } = {}) {
  const inner = composeExchanges([
    subscriptionExchange({ forwardSubscription: engine.forwardSubscription(headers) }),
    fetchExchange,
  ]);
  return (input) => (operations$) =>
    inner(input)(
      pipe(
        operations$,
        map((operation) => {
          const options =
            typeof operation.context.fetchOptions === "function"
              ? operation.context.fetchOptions()
              : (operation.context.fetchOptions ?? {});
          return makeOperation(operation.kind, operation, {
            ...operation.context,
            url: `${ENGINE_ORIGIN}/graphql`,
            fetch: engine.fetch,
            fetchOptions: { ...options, headers: Object.fromEntries(mergeHeaders(headers, options.headers)) },
          });
        }),
      ),
    );
}
