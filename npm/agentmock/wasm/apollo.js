// An Apollo Client 4 link that executes in process: queries and mutations
// through the engine's fetch (the server's HTTP answers), subscriptions
// through the engine's subscribe. No network at all.
import { ApolloLink, HttpLink } from "@apollo/client";
import { getMainDefinition } from "@apollo/client/utilities";
import { print } from "graphql";
import { Observable } from "rxjs";

import { ENGINE_ORIGIN, mergeHeaders } from "./index.js";

/** Whether an operation is a subscription. */
function isSubscription({ query }) {
  const definition = getMainDefinition(query);
  return definition.kind === "OperationDefinition" && definition.operation === "subscription";
}

/**
 * A link to `engine` sending `headers` with every operation (a session,
 * scenario, seed, fault, token: the same names as over HTTP).
 */
export function engineLink(engine, { headers = {} } = {}) {
  const http = new HttpLink({ uri: `${ENGINE_ORIGIN}/graphql`, fetch: engine.fetch, headers });
  const live = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        let iterator;
        let stopped = false;
        const request = {
          query: print(operation.query),
          variables: operation.variables,
          operationName: operation.operationName,
        };
        (async () => {
          try {
            iterator = await engine.subscribe(request, { headers: mergeHeaders(headers, operation.getContext().headers) });
            if (stopped) return void iterator.return();
            for await (const result of iterator) observer.next(result);
            observer.complete();
          } catch (error) {
            if (error?.errors) {
              observer.next({ errors: error.errors });
              observer.complete();
            } else observer.error(error);
          }
        })();
        return () => {
          stopped = true;
          iterator?.return();
        };
      }),
  );
  return ApolloLink.split(isSubscription, live, http);
}
