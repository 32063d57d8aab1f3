#!/usr/bin/env bash
# The abuse run (issue 6): the release binary on loopback for DURATION
# seconds (default 60) under normal, heaviest-allowed and hostile traffic at
# once, then a COOLDOWN (default 10 s). Prints a markdown table and the RSS
# figures; exits non-zero if the server died or stopped answering.
#
#   bench/abuse.sh                     # 60 s + 10 s
#   DURATION=20 bench/abuse.sh         # a quick look
#   AGENTMOCK_ARGS="--max-executions 2" bench/abuse.sh
#
# Needs Node.js 20+. Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
mkdir -p target/bench-abuse
out="target/bench-abuse/$(date -u +%Y%m%dT%H%M%SZ).md"
echo "command: DURATION=${DURATION:-60} COOLDOWN=${COOLDOWN:-10} IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-800} AGENTMOCK_ARGS='${AGENTMOCK_ARGS:-}' bench/abuse.sh" | tee "$out"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
node bench/abuse.mjs target/release/agentmock | tee -a "$out"
