#!/usr/bin/env bash
# Per-request datasets under a flood of distinct seeds (issue 14): the
# release binary on loopback with a small dataset budget, SEEDS distinct
# X-Agentmock-Seed values (default 1000) asked one after another, then
# SESSIONS sessions (default 1000) each writing WRITES times (default 10).
# Prints the resident size before, its peak during each flood (sampled
# after every request), the first-request time per new seed, and checks the
# server still answers. Loopback only; bounded by the counts.
#
#   bench/seeds.sh
#   SEEDS=200 BUDGET_MB=32 bench/seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-1000}
SESSIONS=${SESSIONS:-1000}
WRITES=${WRITES:-10}
BUDGET_MB=${BUDGET_MB:-64}
SESSIONS_MB=${SESSIONS_MB:-64}
cargo build --release --locked --quiet
log=$(mktemp)
target/release/agentmock --port 0 --now 2025-01-19T14:00:00Z --log warn \
  --datasets-mb "$BUDGET_MB" --sessions-mb "$SESSIONS_MB" --max-sessions 100000 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url=$(grep -o 'http://[^ ]*/graphql' "$log" | head -1) || true
  [ -n "${url:-}" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "server did not start:"; cat "$log"; exit 1; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$server/status"; }
echo "command: SEEDS=$SEEDS SESSIONS=$SESSIONS WRITES=$WRITES BUDGET_MB=$BUDGET_MB SESSIONS_MB=$SESSIONS_MB bench/seeds.sh"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS at start: $(rss) MiB"
query='{"query":"{ agents(first: 20) { nodes { name metrics { successRate } } } analytics { kpis { totalCost } } }"}'
peak=0
started=$(date +%s%N)
for seed in $(seq 1 "$SEEDS"); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url" -H 'content-type: application/json' \
    -H "x-agentmock-seed: $seed" -d "$query")
  [ "$status" = 200 ] || { echo "seed $seed answered $status"; exit 1; }
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
done
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
echo "$SEEDS seeds: peak RSS $peak MiB (budget $BUDGET_MB MiB of datasets); $((elapsed / SEEDS)) ms per first request (curl included)"
mutation='{"query":"mutation { updateAgentConfig(input: { id: \"AGENT\", temperature: TEMP }) { agent { id } } }"}'
agent=$(curl -s "$url" -H 'content-type: application/json' -d '{"query":"{ agents(first: 1) { nodes { id } } }"}' \
  | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
peak=0
for s in $(seq 1 "$SESSIONS"); do
  for w in $(seq 1 "$WRITES"); do
    body=${mutation/AGENT/$agent}; body=${body/TEMP/0.$((w % 9 + 1))}
    curl -s -o /dev/null "$url" -H 'content-type: application/json' -H "x-agentmock-session: s$s" \
      -H 'authorization: Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f' -d "$body"
  done
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
done
echo "$SESSIONS sessions x $WRITES writes: peak RSS $peak MiB (budget $SESSIONS_MB MiB of sessions)"
health=$(curl -s "${url%/graphql}/healthz")
echo "after: RSS $(rss) MiB; $health"
