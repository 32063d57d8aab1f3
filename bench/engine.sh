#!/usr/bin/env bash
# bench/engine.sh — CPU per request without HTTP: agentmock's engine against
# Apollo Server 5's, the same workloads, one core, one after the other.
#
#   bench/engine.sh               # typename q1 q2 q3, median of 3
#   REPS=1 bench/engine.sh q1 q3
#
# agentmock: `examples/per_request` (the router in process, no response
# cache, no executor threads: what the server does per request but the
# socket). Apollo: the peer's own schema, resolvers and per-request
# DataLoaders (../shared/peers/apollo/server.mjs up to its ApolloServer)
# driven by `server.executeOperation`, which parses, validates (both cache
# a repeated document) and executes but has no HTTP; around it the driver
# parses the request body's JSON and writes the result as JSON, as
# agentmock's handler does. Both warm up, then time as many requests again.
#
# Why: bench/wrk.sh measures each server whole, through loopback HTTP, where
# agentmock's HTTP and kernel cost per request (about 14 µs, the cached
# answer's rate) bounds what its engine can show. This compares the engines
# alone. Needs node and taskset; peers are prepared as bench/wrk.sh does.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/peers}
PEERS_DIR=${PEERS_DIR:-/tmp/agentmock-peers}
CPU=${CPU:-0}
REPS=${REPS:-3}
WORKLOADS=("$@")
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=(typename q1 q2 q3)

die() { echo "bench/engine.sh: $*" >&2; exit 1; }
log() { echo "[engine.sh] $*" >&2; }
for tool in node taskset; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"
for wl in "${WORKLOADS[@]}"; do
  [[ "$wl" =~ ^(typename|q[123])$ ]] || die "unknown workload '$wl' (typename, q1, q2, q3)"
done

# shellcheck source=bench/peers.sh
source "$ROOT/bench/peers.sh"
prepare_peers

log "building examples/per_request"
cargo build --release --quiet --example per_request --manifest-path "$ROOT/Cargo.toml"
EXAMPLE=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/per_request

# The Apollo driver: the peer's module up to (and with) its `new
# ApolloServer(...)` line, then a timing loop instead of a listening server.
# Written into the peers' copy so its imports resolve there.
DRIVER=$(mktemp -p "$PEERS_DIR/apollo" --suffix=.mjs engine-driver.XXXXXX)
trap 'rm -f "$DRIVER"' EXIT
trap 'exit 130' INT TERM
MARK='const server = new ApolloServer('
grep -q "^$MARK.*);\$" "$PEERS_DIR/apollo/server.mjs" || die "the peer's server.mjs has no one-line '$MARK...);'"
awk -v mark="$MARK" '{ print } index($0, mark) == 1 { exit }' "$PEERS_DIR/apollo/server.mjs" >"$DRIVER"
cat >>"$DRIVER" <<'EOF'
await server.start();
const [workload, count] = [process.env.WORKLOAD, Number(process.env.COUNT)];
const body = workload === 'typename'
  ? '{"query":"{ __typename }"}'
  : readFileSync(`queries/apollo/${workload}.json`, 'utf8');
const once = async () => {
  const { query, variables } = JSON.parse(body);
  const response = await server.executeOperation({ query, variables }, { contextValue: { loaders: makeLoaders() } });
  if (response.body.kind !== 'single' || response.body.singleResult.errors) {
    throw new Error(`${workload}: ${JSON.stringify(response.body)}`);
  }
  return JSON.stringify(response.body.singleResult).length;
};
for (let i = 0; i < count; i++) await once();
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) await once();
const us = Number(process.hrtime.bigint() - started) / 1000 / count;
console.log(us.toFixed(1));
EOF

# Requests per measurement: about a second of each side's work.
count() {
  case "$1:$2" in
    agentmock:q2) echo 2000 ;;
    agentmock:*) echo 50000 ;;
    apollo5:q2) echo 200 ;;
    apollo5:*) echo 10000 ;;
  esac
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); both on CPU $CPU, median of $REPS"
echo "| workload | agentmock µs/request | Apollo 5 µs/request | Apollo ÷ agentmock |"
echo "|---|---:|---:|---:|"
for wl in "${WORKLOADS[@]}"; do
  all_ours="" all_theirs=""
  for rep in $(seq "$REPS"); do
    ours=$(taskset -c "$CPU" "$EXAMPLE" "$wl" "$(count agentmock "$wl")" | sed -n 's/.*, \([0-9.]*\) µs per request$/\1/p')
    [[ -n "$ours" ]] || die "per_request printed no time for $wl"
    theirs=$(cd "$PEERS_DIR" && WORKLOAD=$wl COUNT=$(count apollo5 "$wl") APOLLO_MAJOR=5 NODE_ENV=production \
      taskset -c "$CPU" node "$DRIVER" --data data.json | tail -n1)
    [[ "$theirs" =~ ^[0-9.]+$ ]] || die "the Apollo driver printed no time for $wl"
    log "$wl rep $rep/$REPS: agentmock $ours µs, Apollo 5 $theirs µs"
    all_ours+=" $ours" all_theirs+=" $theirs"
  done
  ours=$(median <<<"${all_ours# }") theirs=$(median <<<"${all_theirs# }")
  awk -v w="$wl" -v a="$ours" -v b="$theirs" 'BEGIN { printf "| %s | %.1f | %.1f | %.2f× |\n", w, a, b, b / a }'
done
echo
echo "command: REPS=$REPS bench/engine.sh ${WORKLOADS[*]}"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
