// agentmock playground bootstrap (served at /playground/playground.js).
// Reads the JSON config the server embeds in the page, then mounts GraphiQL
// with an HTTP fetcher for queries/mutations and a lazy graphql-ws client
// (graphql-transport-ws) for subscriptions. Uses only the globals set by the
// UMD bundles loaded before it: React, ReactDOM, graphqlWs, GraphiQL.
(function () {
  'use strict';

  var config = JSON.parse(
    document.getElementById('playground-config').textContent
  );
  var loc = window.location;
  var httpUrl = loc.protocol + '//' + loc.host + config.graphqlPath;
  var wsUrl =
    (loc.protocol === 'https:' ? 'wss:' : 'ws:') +
    '//' +
    loc.host +
    config.subscriptionPath;

  // Lazy: no socket is opened until the first subscription runs, so the page
  // works against a server without a WebSocket endpoint.
  var rawWsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 2,
  });

  // A failed handshake reaches the sink as a bare DOM Event, which GraphiQL
  // would print as {"isTrusted": true}: turn it into a readable error.
  var wsClient = {
    subscribe: function (payload, sink) {
      return rawWsClient.subscribe(payload, {
        next: function (value) {
          sink.next(value);
        },
        complete: function () {
          sink.complete();
        },
        error: function (err) {
          if (err instanceof Error || (typeof CloseEvent !== 'undefined' && err instanceof CloseEvent)) {
            sink.error(err);
          } else {
            // A plain object, so GraphiQL shows the message without a stack.
            sink.error({
              message:
                'Could not open a graphql-transport-ws connection to ' +
                wsUrl +
                ' (this server may not serve subscriptions yet).',
            });
          }
        },
      });
    },
    dispose: function () {
      return rawWsClient.dispose();
    },
  };

  var fetcher = GraphiQL.createFetcher({ url: httpUrl, wsClient: wsClient });

  // A tab may carry headers (a token) and variables: `# headers:` and
  // `# variables:` lines of its example, filled in by the server.
  var tabs = config.examples.map(function (example) {
    var tab = { query: example.query };
    if (example.headers) tab.headers = example.headers;
    if (example.variables) tab.variables = example.variables;
    return tab;
  });

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultQuery: tabs.length > 0 ? tabs[0].query : undefined,
      // Most examples need no variables or headers: give the editor the
      // room (the tabs that do say so in their comments).
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false,
      // Namespaced by a hash of the examples, so editing them shows the new
      // tabs instead of tabs remembered from an older build.
      storage: GraphiQL.createLocalStorage({ namespace: config.storageNamespace }),
    })
  );
})();
