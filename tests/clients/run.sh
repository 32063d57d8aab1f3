#!/usr/bin/env bash
# Real clients against a built agentmock binary: Apollo Client and urql
# Graphcache with the shipped cache configuration (clients/), every
# playground example tab twice, paging with their Relay helpers; Apollo's
# persisted-query and batch links; subscriptions through GraphQLWsLink,
# urql's subscriptionExchange and graphql-ws itself; the docs' JavaScript,
# TypeScript and YAML snippets (docs.test.mjs: type-checked, run where
# marked, parsed); the README's recipes run (recipes.test.mjs: Apollo,
# urql, graphql-ws and Storybook's decorator in Node, Vitest and
# Playwright as their own runners; Playwright drives Debian's Chromium,
# /usr/bin/chromium or $CHROMIUM, and is skipped without it); the
# WebAssembly engine against the binary, byte for byte, and its MSW,
# Apollo, urql and Storybook integrations (wasm.test.mjs,
# wasm-integrations.test.mjs: build the engine first, wasm/build.sh). Builds
# nothing: pass the binary (default target/debug/agentmock, or
# $AGENTMOCK_BIN) and install this folder's packages first (npm ci;
# no package here downloads a browser).
# Each suite starts its own server on a free loopback port and stops it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${AGENTMOCK_BIN:-$root/target/debug/agentmock}}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "no agentmock binary at $bin: build it first (cargo build)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules" ]; then
  echo "tests/clients has no node_modules: run (cd tests/clients && npm ci) first" >&2
  exit 1
fi
cd "$here"
AGENTMOCK_BIN="$bin" exec node --conditions=development --import ./register.mjs --test apollo.test.mjs urql.test.mjs links.test.mjs live.test.mjs docs.test.mjs wasm.test.mjs wasm-integrations.test.mjs recipes.test.mjs
