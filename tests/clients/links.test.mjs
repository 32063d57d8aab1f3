// Apollo Client's request links against agentmock: automatic persisted
// queries (PersistedQueryLink: the hash first, the query once when the
// server does not know it, the hash alone after, over POST and GET) and
// request batching (BatchHttpLink: concurrent queries in one POST, each
// answered in order), with the shipped cache configuration.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { BatchHttpLink } from "@apollo/client/link/batch-http";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

import { possibleTypes, typePolicies } from "../../clients/apollo-type-policies.js";
import { startServer } from "./support.mjs";

let server;

before(async () => {
  server = await startServer();
});

after(() => server?.stop());

/** A fetch that records what each request carried: method, query text or not, hash, operations. */
function recordingFetch() {
  const seen = [];
  const recorded = async (input, init = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    let bodies = [];
    if (method === "POST") {
      const parsed = JSON.parse(init.body);
      bodies = Array.isArray(parsed) ? parsed : [parsed];
    } else {
      const extensions = url.searchParams.get("extensions");
      bodies = [
        {
          operationName: url.searchParams.get("operationName"),
          query: url.searchParams.get("query") ?? undefined,
          extensions: extensions ? JSON.parse(extensions) : undefined,
        },
      ];
    }
    const response = await fetch(input, init);
    const answers = await response.clone().json();
    seen.push({
      method,
      status: response.status,
      operations: bodies.map((b) => ({
        name: b.operationName,
        withQuery: typeof b.query === "string" && b.query.length > 0,
        hash: b.extensions?.persistedQuery?.sha256Hash,
      })),
      codes: (Array.isArray(answers) ? answers : [answers]).map((a) => a.errors?.[0]?.extensions?.code ?? null),
    });
    return response;
  };
  return { fetch: recorded, seen };
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** The two ERROR agents at seed 12345 and the pinned anchor, by name. */
const ERROR_AGENTS = [
  ["HR Onboarding Helper 94", "ERROR"],
  ["Meeting Scheduler 53", "ERROR"],
];

const FLEET = gql`
  query Fleet {
    agents(first: 3, filter: { status: [ERROR] }, orderBy: { field: NAME }) {
      totalCount
      nodes { id name status }
    }
  }
`;

function apqClient(useGETForHashedQueries) {
  const recorder = recordingFetch();
  const link = new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    new HttpLink({ uri: server.graphql, fetch: recorder.fetch }),
  );
  const apollo = new ApolloClient({ link, cache: new InMemoryCache({ typePolicies, possibleTypes }) });
  return { apollo, seen: recorder.seen };
}

for (const useGET of [false, true]) {
  test(`APQ over ${useGET ? "GET" : "POST"}: the hash, the query once when unknown, then the hash alone`, async () => {
    const first = apqClient(useGET);
    const answer = await first.apollo.query({ query: FLEET, fetchPolicy: "network-only" });
    assert.equal(answer.data.agents.totalCount, 2);
    assert.deepEqual(
      answer.data.agents.nodes.map((a) => [a.name, a.status]),
      ERROR_AGENTS,
    );
    const method = useGET ? "GET" : "POST";
    const hash = first.seen[0].operations[0].hash;
    assert.match(hash, /^[0-9a-f]{64}$/);
    // A fresh server has not seen this query on this transport before
    // (the POST run registered it first, so GET finds it at once).
    if (!useGET) {
      assert.deepEqual(
        first.seen.map((s) => [s.method, s.operations[0].withQuery, s.codes[0]]),
        [
          ["POST", false, "PERSISTED_QUERY_NOT_FOUND"],
          ["POST", true, null],
        ],
      );
    }
    // Another client (another tab) sends the hash alone and is answered.
    const second = apqClient(useGET);
    const again = await second.apollo.query({ query: FLEET, fetchPolicy: "network-only" });
    assert.deepEqual(again.data, answer.data);
    assert.deepEqual(
      second.seen.map((s) => [s.method, s.operations[0].withQuery, s.operations[0].hash, s.codes[0]]),
      [[method, false, hash, null]],
      "one request, no query text",
    );
  });
}

test("APQ: a hash that does not match its query is refused (400), not run", async () => {
  const response = await fetch(server.graphql, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "{ meta { seed } }",
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256("{ meta { anchorTime } }") } },
    }),
  });
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.match(body.errors[0].message, /provided sha does not match query/);
});

test("BatchHttpLink: three concurrent queries in one POST, each answered with its own data", async () => {
  const recorder = recordingFetch();
  const apollo = new ApolloClient({
    link: new BatchHttpLink({ uri: server.graphql, fetch: recorder.fetch, batchMax: 10, batchInterval: 20 }),
    cache: new InMemoryCache({ typePolicies, possibleTypes }),
  });
  const [fleet, admins, meta] = await Promise.all([
    apollo.query({ query: FLEET }),
    apollo.query({ query: gql`query Admins { users(filter: { role: [ADMIN] }, orderBy: { field: NAME }) { totalCount nodes { id name } } }` }),
    apollo.query({ query: gql`query Meta { meta { id seed anchorTime counts { agents users } } }` }),
  ]);
  assert.deepEqual(
    recorder.seen.map((s) => [s.method, s.operations.map((o) => o.name)]),
    [["POST", ["Fleet", "Admins", "Meta"]]],
    "one request carrying the three operations",
  );
  assert.deepEqual(
    fleet.data.agents.nodes.map((a) => [a.name, a.status]),
    ERROR_AGENTS,
  );
  assert.deepEqual(
    admins.data.users.nodes.map((u) => u.name),
    ["Elena Lopez", "Megan Smith"],
  );
  assert.deepEqual([meta.data.meta.seed, meta.data.meta.counts.agents, meta.data.meta.counts.users], ["12345", 20, 10]);
});

test("a batch over --max-batch is refused whole with 400 BAD_REQUEST", async () => {
  const operations = Array.from({ length: 26 }, () => ({ query: "{ meta { seed } }" }));
  const response = await fetch(server.graphql, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(operations),
  });
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.errors[0].extensions.code, "BAD_REQUEST");
});
