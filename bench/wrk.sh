#!/usr/bin/env bash
# bench/wrk.sh — the three workloads under wrk, agentmock against the Apollo
# Server 5 peer, side by side in one session.
#
# Why a second load generator: at 100k+ req/s oha saturates its own core and
# its measured p99 bottoms out near 4 ms even for a static endpoint (agentmock's
# /healthz shows the same floor), which hides the server's own tail. wrk (C,
# epoll) costs far less per request, so the p99 it reports is the server's.
#
#   bench/wrk.sh                  # q1 q2 q3, 32 connections, 10 s, median of 3
#   REPS=1 DURATION=5s bench/wrk.sh q1
#   PEERS="apollo5 agentmock-nocache" bench/wrk.sh   # a subset of the servers
#   bench/wrk.sh s1 s2 s3         # the sessions workloads (below)
#
# s1, s2 and s3 are q1, q2 and q3 read from 32 sessions (`X-Agentmock-Session:
# load-0` … `load-31`, as an operator), taken in turn, each writing once per
# 100 of its requests (its 100th, 200th, … request toggles the first agent's
# temperature): the sessions workload of issue 17, as `cargo bench --bench
# sessions` runs it in process. Apollo has no sessions: its row is the plain
# q1–q3 rate, which the agentmock rows are compared against.
#
# Servers run on CPU 0 and wrk on CPU 1 (taskset), one at a time, each fresh,
# warmed up for 2 s. Peers come from PEERS_DIR (prepared by bench/load.sh:
# a copy of ../shared/peers with `npm ci` and `node gen-data.mjs` done; this
# script prepares it the same way when missing). Needs wrk (`apt-get install
# wrk`), node, curl, taskset.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONNS=${CONNS:-32}
DURATION=${DURATION:-10s}
REPS=${REPS:-3}
NOW=${NOW:-2025-01-19T14:00:00Z}
PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/peers}
PEERS_DIR=${PEERS_DIR:-/tmp/agentmock-peers}
# agentmock-general: no cache and --fast-path false (async-graphql's general
# path for every object), to show what the fast path gains.
# agentmock-inline (not in the default list): no cache and
# --executor-threads 0, every request on the IO threads, to show what the
# executor's lanes cost.
PEERS=${PEERS:-"apollo5 agentmock agentmock-nocache agentmock-general"}
WORKLOADS=("$@")
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=(q1 q2 q3)

die() { echo "bench/wrk.sh: $*" >&2; exit 1; }
log() { echo "[wrk.sh] $*" >&2; }
for tool in wrk node curl taskset; do
  command -v "$tool" >/dev/null || die "$tool not found${tool/wrk/ (apt-get install wrk)}"
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"

# shellcheck source=bench/peers.sh
source "$ROOT/bench/peers.sh"
prepare_peers

log "building target/release/agentmock"
cargo build --release --quiet --bin agentmock --manifest-path "$ROOT/Cargo.toml"
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/agentmock

LUA=$(mktemp /tmp/agentmock-wrk.XXXXXX.lua)
SESSIONS_LUA=$(mktemp /tmp/agentmock-wrk-sessions.XXXXXX.lua)
RAW=$(mktemp /tmp/agentmock-wrk.XXXXXX.tsv)
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -f "$LUA" "$SESSIONS_LUA" "$RAW"
}
trap cleanup EXIT INT TERM
cat >"$LUA" <<'EOF'
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = f:read("*a")
f:close()
EOF

# The sessions workload: BODY read from 32 sessions in turn, each writing
# once per 100 of its requests (AGENT: the agent whose temperature it
# toggles; the default dataset's operator token, as benches/sessions.rs).
cat >"$SESSIONS_LUA" <<'EOF'
local SESSIONS = 32
local OPERATOR = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f"
local f = assert(io.open(os.getenv("BODY"), "r"))
local read = f:read("*a")
f:close()
local agent = os.getenv("AGENT")
local sent = 0
request = function()
  local session = sent % SESSIONS
  local n = math.floor(sent / SESSIONS)
  sent = sent + 1
  local body = read
  if n % 100 == 99 then
    local temperature = (n % 2 == 0) and "0.3" or "0.7"
    body = '{"query":"mutation { updateAgentConfig(input: { id: \\"' .. agent .. '\\", temperature: '
      .. temperature .. ' }) { agent { id } } }"}'
  end
  local headers = {
    ["content-type"] = "application/json",
    ["x-agentmock-session"] = "load-" .. session,
    ["authorization"] = OPERATOR,
  }
  return wrk.format("POST", nil, headers, body)
end
EOF

free_port() {
  local p=$1
  while ss -ltnH "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

# ms from wrk's "474.00us" / "12.32ms" / "1.02s".
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 }
    else print "NA" }'
}

run() {
  local peer=$1 wl=$2 port body cmd out rps p50 p99 script=$LUA agent=""
  # s1–s3: q1–q3 from sessions (Apollo, which has none, answers them plain).
  if [[ "$wl" == s[123] ]]; then
    [[ "$peer" == apollo5 ]] || script=$SESSIONS_LUA
    wl=q${wl#s}
  fi
  case "$peer" in
    apollo5)
      port=$(free_port 4203); body=$PEERS_DIR/queries/apollo/$wl.json
      cmd=(env APOLLO_MAJOR=5 NODE_ENV=production node "$PEERS_DIR/apollo/server.mjs" --data "$PEERS_DIR/data.json" --port "$port") ;;
    agentmock)
      port=$(free_port 4210); body=$ROOT/bench/queries/$wl.json
      cmd=("$BIN" --port "$port" --now "$NOW" --log warn) ;;
    agentmock-nocache)
      port=$(free_port 4211); body=$ROOT/bench/queries/$wl.json
      cmd=("$BIN" --port "$port" --now "$NOW" --log warn --response-cache-mb 0) ;;
    agentmock-inline)
      port=$(free_port 4213); body=$ROOT/bench/queries/$wl.json
      cmd=("$BIN" --port "$port" --now "$NOW" --log warn --response-cache-mb 0 --executor-threads 0) ;;
    agentmock-general)
      port=$(free_port 4212); body=$ROOT/bench/queries/$wl.json
      cmd=("$BIN" --port "$port" --now "$NOW" --log warn --response-cache-mb 0 --fast-path false) ;;
  esac
  (cd "$PEERS_DIR" && exec taskset -c 0 "${cmd[@]}") >/dev/null 2>&1 &
  SERVER=$!
  local url=http://127.0.0.1:$port/graphql ready=""
  for _ in $(seq 300); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @"$body" "$url" || true) == 200 ]]; then ready=1; break; fi
    sleep 0.1
  done
  [[ -n "$ready" ]] || die "$peer did not answer on $url"
  curl -s -H 'content-type: application/json' --data-binary @"$body" "$url" | grep -q '"errors"' && die "$peer answers $wl with errors"
  if [[ "$script" == "$SESSIONS_LUA" ]]; then
    agent=$(curl -s -H 'content-type: application/json' --data-binary '{"query":"{ agents(first: 1) { nodes { id } } }"}' "$url" |
      sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    [[ -n "$agent" ]] || die "$peer: no agent to write to"
  fi
  BODY=$body AGENT=$agent taskset -c 1 wrk -t1 -c"$CONNS" -d2s -s "$script" "$url" >/dev/null
  out=$(BODY=$body AGENT=$agent taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$script" "$url")
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  grep -q "Non-2xx" <<<"$out" && die "$peer: non-2xx responses on $wl"
  log "$2 $peer: $rps req/s, p50 $p50 ms, p99 $p99 ms"
  printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$peer" "$rps" "$p50" "$p99" >>"$RAW"
}

log "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for wl in "${WORKLOADS[@]}"; do
  for rep in $(seq "$REPS"); do
    for peer in $PEERS; do
      log "$wl $peer rep $rep/$REPS"
      run "$peer" "$wl"
    done
  done
done

awk -F'\t' -v peers="$PEERS" -v wls="${WORKLOADS[*]}" '
function median(list,   a, n, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ k = $1 SUBSEP $2; rps[k] = rps[k] " " $3; p50[k] = p50[k] " " $4; p99[k] = p99[k] " " $5 }
END {
  np = split(peers, P, " "); nw = split(wls, W, " ")
  print "| workload | server | req/s (median) | p50 ms | p99 ms | req/s vs apollo5 (≥ 10×) | p99 vs apollo5 (≤ 0.10) |"
  print "|---|---|---:|---:|---:|---:|---:|"
  for (w = 1; w <= nw; w++) {
    b = W[w] SUBSEP "apollo5"; rb = median(rps[b]); qb = median(p99[b])
    for (p = 1; p <= np; p++) {
      k = W[w] SUBSEP P[p]; r = median(rps[k]); q = median(p99[k])
      ratio = (P[p] == "apollo5") ? "" : sprintf("%.2f×", r / rb)
      tail = (P[p] == "apollo5") ? "" : sprintf("%.3f (1/%.0f)", q / qb, qb / q)
      printf "| %s | %s | %\047d | %.2f | %.2f | %s | %s |\n", W[w], P[p], r, median(p50[k]), q, ratio, tail
    }
  }
}' "$RAW"
echo
echo "Command: \`CONNS=$CONNS DURATION=$DURATION REPS=$REPS bench/wrk.sh ${WORKLOADS[*]}\` (wrk -t1 -c$CONNS, servers on CPU 0, wrk on CPU 1)"
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); node $(node --version); git $(git -C "$ROOT" rev-parse --short HEAD)"
