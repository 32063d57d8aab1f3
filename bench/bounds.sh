#!/usr/bin/env bash
# The bounds run ("One server for every test"): what a client can grow,
# measured on the release binary over loopback. Phases (PHASES, comma-
# separated; all by default):
#
#   exports  EXPORTS (36000) requestExport calls: RSS, the oldest and newest
#            links, SIGTERM, a restart replaying the journal, resetData
#   sockets  SOCKETS (250) subscribers of 8,000-character prompts that stop
#            reading while 4 writers publish for FLOOD (30) seconds: RSS, and
#            when the server let the stalled sockets go
#   replay   journals of REPLAY (10000,100000) mixed writes: replay time
#   burst    BURST (2000) WebSockets opened at once beside 200 GET /healthz
#
#   bench/bounds.sh
#   PHASES=replay REPLAY=10000 bench/bounds.sh
#
# Needs Node.js 20+ and `ss`. Loopback only; every phase is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
target="${CARGO_TARGET_DIR:-target}"
mkdir -p target/bench-bounds
out="target/bench-bounds/$(date -u +%Y%m%dT%H%M%SZ).md"
echo "command: PHASES=${PHASES:-exports,sockets,replay,burst} EXPORTS=${EXPORTS:-36000} SOCKETS=${SOCKETS:-250} FLOOD=${FLOOD:-30} REPLAY=${REPLAY:-10000,100000} BURST=${BURST:-2000} bench/bounds.sh" | tee "$out"
node bench/bounds.mjs "$target/release/agentmock" | tee -a "$out"
