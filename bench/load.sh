#!/usr/bin/env bash
# bench/load.sh — load benchmark of agentmock against its peers (issue 3).
#
#   bench/load.sh                       # q1 q2 q3, 32 connections, 10 s, median of 3
#   REPS=1 DURATION=5s bench/load.sh q1 # a quick look at one workload
#
# What it does, in one session on one machine:
#   1. Copies the peers (PEERS_SRC, default <repo>/../shared/peers) into a
#      scratch dir (PEERS_DIR, default /tmp/agentmock-peers) unless an
#      up-to-date copy is already there, and runs `npm ci` and
#      `node gen-data.mjs` in it. Nothing of the peers is kept in the repo.
#   2. Builds target/release/agentmock once.
#   3. For each workload, runs REPS rounds; each round runs every peer once
#      (apollo5, jgs, agentmock; interleaved so drift hits all of them alike)
#      through the peers' run-peers.sh: fresh server, verify the body answers
#      data without errors, warm up, oha for DURATION with CONNS connections.
#      jgs is skipped on q3 (it cannot aggregate cost per model). A run that
#      fails (e.g. verify) is reported in the table, not fatal.
#   4. Prints a markdown table (median req/s, p50, p99 over the reps; peak
#      RSS is the largest of the reps), the agentmock/apollo5 ratios, and the
#      exact command line. Raw run-peers lines go to target/bench-load/.
#
# Environment (all optional):
#   CONNS=32  DURATION=10s  REPS=3   load settings, the same for every peer
#   PIN=1                  pin servers to CPU 0 and oha to CPU 1 (run-peers.sh)
#   WARMUP=2s              warm-up per run (run-peers.sh's default)
#   PEERS="apollo5 jgs agentmock agentmock-nocache"   which peers, in run order
#   PEERS_SRC, PEERS_DIR   see 1.; REFRESH_PEERS=1 forces a fresh copy
#   OHA                    path to oha (default: PATH, then ~/.cargo/bin/oha)
#   NOW=2025-01-19T14:00:00Z        agentmock's pinned anchor time
#   AGENTMOCK_ARGS="..."   extra agentmock flags (e.g. to compare a cache on/off)
#   CARGO, CARGO_TARGET_DIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORIG_ARGS=("$@")
WORKLOADS=("$@")
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=(q1 q2 q3)
CONNS=${CONNS:-32}
DURATION=${DURATION:-10s}
REPS=${REPS:-3}
PEERS=${PEERS:-apollo5 jgs agentmock agentmock-nocache}
PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/peers}
PEERS_DIR=${PEERS_DIR:-/tmp/agentmock-peers}
NOW=${NOW:-2025-01-19T14:00:00Z}
CARGO=${CARGO:-cargo}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
QUERY_DIR=$ROOT/bench/queries

die() { echo "error: $*" >&2; exit 2; }
log() { echo "[load.sh] $*" >&2; }

# --- preflight ---------------------------------------------------------------
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, got '$REPS'"
[[ "$CONNS" =~ ^[1-9][0-9]*$ ]] || die "CONNS must be a positive integer, got '$CONNS'"
for wl in "${WORKLOADS[@]}"; do
  [[ "$wl" =~ ^q[123]$ ]] || die "unknown workload '$wl' (q1, q2 or q3)"
  [[ -f "$QUERY_DIR/$wl.json" ]] || die "missing $QUERY_DIR/$wl.json"
done
for p in $PEERS; do
  [[ "$p" =~ ^(apollo4|apollo5|jgs|agentmock|agentmock-nocache)$ ]] ||
    die "unknown peer '$p' (apollo4, apollo5, jgs, agentmock, agentmock-nocache)"
done
command -v node >/dev/null || die "node not found: install Node.js 20+ (the peers and run-peers.sh need it)"
command -v npm >/dev/null || die "npm not found: install Node.js 20+ with npm"
command -v curl >/dev/null || die "curl not found"
command -v ss >/dev/null || die "ss not found (iproute2)"
command -v "$CARGO" >/dev/null || die "$CARGO not found"
OHA=${OHA:-$(command -v oha || echo "$HOME/.cargo/bin/oha")}
[[ -x "$OHA" ]] || die "oha not found (looked in PATH and ~/.cargo/bin): cargo install oha --locked"
export OHA
if [[ -n "${PIN:-}" ]]; then
  command -v taskset >/dev/null || die "PIN needs taskset (util-linux)"
  [[ $(nproc) -ge 2 ]] || die "PIN needs at least 2 CPUs"
fi

# --- 1. peers in a scratch dir -------------------------------------------------
[[ -f "$PEERS_SRC/run-peers.sh" ]] || die "no peers at $PEERS_SRC (set PEERS_SRC)"
PEERS_SRC=$(cd "$PEERS_SRC" && pwd)
case "$PEERS_DIR" in /tmp/?*) ;; *) die "PEERS_DIR must be under /tmp, got '$PEERS_DIR'" ;; esac
# Fingerprint of the peers' own files, to notice a changed source.
STAMP=$(cd "$PEERS_SRC" && find . -type f ! -path './node_modules/*' ! -path './results/*' \
          ! -name 'data*.json' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
MARK=$PEERS_DIR/.agentmock-peers-stamp
ADOPTED=""
if [[ -d "$PEERS_DIR" ]]; then
  if [[ ! -f "$MARK" ]]; then
    # A copy made by hand (e.g. /tmp/peers): used as is if it looks complete.
    if [[ -x "$PEERS_DIR/run-peers.sh" && -d "$PEERS_DIR/node_modules" && -f "$PEERS_DIR/data.json" ]]; then
      log "using the existing peers copy $PEERS_DIR as is (not made by this script: never refreshed or removed)"
      ADOPTED=1
    elif [[ -n "$(ls -A "$PEERS_DIR")" ]]; then
      die "$PEERS_DIR exists, is incomplete and was not made by this script; remove it or set PEERS_DIR"
    fi
  elif [[ -n "${REFRESH_PEERS:-}" || "$(head -1 "$MARK")" != "$STAMP"* ]]; then
    log "peers changed at $PEERS_SRC; refreshing $PEERS_DIR"
    rm -rf -- "$PEERS_DIR"
  fi
fi
if [[ -z "$ADOPTED" && ! -f "$MARK" ]]; then
  log "copying $PEERS_SRC -> $PEERS_DIR"
  mkdir -p "$PEERS_DIR"
  (cd "$PEERS_SRC" && tar cf - --exclude=./node_modules --exclude=./results --exclude='./data*.json' .) \
    | (cd "$PEERS_DIR" && tar xf -)
  chmod -R u+w "$PEERS_DIR"
  echo "$STAMP pending" >"$MARK"
fi
if [[ -z "$ADOPTED" && "$(head -1 "$MARK")" != "$STAMP ready" ]]; then
  log "npm ci in $PEERS_DIR"
  (cd "$PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci failed in $PEERS_DIR"
  log "node gen-data.mjs"
  (cd "$PEERS_DIR" && node gen-data.mjs) >&2 || die "gen-data.mjs failed in $PEERS_DIR"
  echo "$STAMP ready" >"$MARK"
fi
[[ -f "$PEERS_DIR/data.json" ]] || die "$PEERS_DIR/data.json missing (REFRESH_PEERS=1 to rebuild)"

# --- 2. agentmock, built once --------------------------------------------------
log "building target/release/agentmock"
"$CARGO" build --release --bin agentmock --manifest-path "$ROOT/Cargo.toml" >&2 || die "cargo build failed"
BIN=$TARGET/release/agentmock
[[ -x "$BIN" ]] || die "no binary at $BIN"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
# shellcheck disable=SC2016  # $PORT is expanded by run-peers.sh
AGENTMOCK_START="$BIN"' --port $PORT --now '"$NOW${AGENTMOCK_ARGS:+ $AGENTMOCK_ARGS}"

STAMP_TIME=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$TARGET/bench-load
mkdir -p "$OUT"
RAW=$OUT/$STAMP_TIME.tsv
CHILD=""
SHAPE_PID=""
on_exit() {
  # run-peers.sh stops its own server on TERM; make sure it gets one.
  if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  if [[ -n "$SHAPE_PID" ]] && kill -0 "$SHAPE_PID" 2>/dev/null; then
    kill -TERM "$SHAPE_PID" 2>/dev/null || true
    wait "$SHAPE_PID" 2>/dev/null || true
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# A free port at or above $1 (another session's server may hold the default).
free_port() {
  local p=$1
  while ss -ltnH "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

# --- 2b. agentmock's answers have the workloads' shape ---------------------------
# run-peers.sh's verify.mjs only checks top-level arrays, and agentmock's lists
# are connections (objects): an empty `nodes` would pass it and be measured.
declare -A SHAPE_BAD=()
if [[ " $PEERS " == *" agentmock"* ]]; then
  port=$(free_port 4110)
  # shellcheck disable=SC2086  # AGENTMOCK_ARGS is a list of flags
  "$BIN" --port "$port" --now "$NOW" ${AGENTMOCK_ARGS:-} >"$OUT/$STAMP_TIME-shape-server.log" 2>&1 &
  SHAPE_PID=$!
  up=""
  for _ in $(seq 300); do
    kill -0 "$SHAPE_PID" 2>/dev/null || break
    if curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; then up=1; break; fi
    sleep 0.1
  done
  [[ -n "$up" ]] || die "agentmock did not start on port $port; see $OUT/$STAMP_TIME-shape-server.log"
  bodies=()
  for wl in "${WORKLOADS[@]}"; do bodies+=("$QUERY_DIR/$wl.json"); done
  shape=$(node "$ROOT/bench/check-shape.mjs" "http://127.0.0.1:$port/graphql" "${bodies[@]}" || true)
  kill -TERM "$SHAPE_PID" 2>/dev/null || true
  wait "$SHAPE_PID" 2>/dev/null || true
  SHAPE_PID=""
  while read -r verdict wl rest; do
    [[ -n "$verdict" ]] || continue
    log "shape $verdict $wl $rest"
    if [[ "$verdict" == BAD ]]; then SHAPE_BAD[$wl]="shape: ${rest#*-- }"; fi
  done <<<"$shape"
fi

# --- 3. runs ------------------------------------------------------------------

# run_one PEER WL REP: appends "wl peer rep status line" to $RAW.
run_one() {
  local peer=$1 wl=$2 rep=$3 port line rc errf
  errf=$(mktemp /tmp/agentmock-load.XXXXXX)
  local -a env=(TAG="agentmock-load-$STAMP_TIME-r$rep" WARMUP="${WARMUP:-2s}")
  [[ -n "${PIN:-}" ]] && env+=(PIN="$PIN")
  case "$peer" in
    agentmock)
      port=$(free_port 4110)
      env+=(PORT="$port" START_CMD="$AGENTMOCK_START" QUERY_DIR="$QUERY_DIR" NAME=agentmock)
      set -- custom ;;
    agentmock-nocache)
      # The same server with its response cache off: every request is executed.
      port=$(free_port 4111)
      env+=(PORT="$port" START_CMD="$AGENTMOCK_START --response-cache-mb 0" QUERY_DIR="$QUERY_DIR" NAME=agentmock-nocache)
      set -- custom ;;
    apollo5) port=$(free_port 4103); env+=(PORT="$port"); set -- apollo5 ;;
    apollo4) port=$(free_port 4102); env+=(PORT="$port"); set -- apollo4 ;;
    jgs)     port=$(free_port 4101); env+=(PORT="$port"); set -- jgs ;;
  esac
  log "$wl $peer rep $rep/$REPS (port $port) ..."
  rc=0
  (cd "$PEERS_DIR" && exec env "${env[@]}" ./run-peers.sh "$1" "$wl" "$CONNS" "$DURATION") >"$errf.out" 2>"$errf" &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=""
  line=$(grep '^peer=' "$errf.out" | tail -1 || true)
  if [[ $rc -eq 0 && -n "$line" ]]; then
    log "  $line"
    printf '%s\t%s\t%s\tok\t%s\n' "$wl" "$peer" "$rep" "$line" >>"$RAW"
  else
    local why
    # The first GraphQL error message of a failed verify, else run-peers's own complaint.
    why=$(cat "$errf" "$errf.out" | grep -m1 '^BAD' | sed -n 's/.*"message":"//; s/\\"/'"'"'/g; s/",".*//; s/"}.*//; s/^/verify: /p' || true)
    [[ -n "$why" ]] || why=$(cat "$errf" "$errf.out" | grep -m1 -Ei 'error|fail|died|not ready|in use|no body' || true)
    why=$(tr '|\t' '/ ' <<<"$why" | cut -c1-160)
    log "  FAILED (exit $rc): ${why:-see run-peers output}"
    cat "$errf" "$errf.out" | grep -v '^\s*$' | sed 's/^/    /' | head -5 >&2 || true
    printf '%s\t%s\t%s\tfail\texit=%s %s\n' "$wl" "$peer" "$rep" "$rc" "${why:-}" >>"$RAW"
  fi
  rm -f "$errf" "$errf.out"
}

log "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for wl in "${WORKLOADS[@]}"; do
  for rep in $(seq "$REPS"); do
    for peer in $PEERS; do
      if [[ "$peer" == agentmock* && -n "${SHAPE_BAD[$wl]:-}" ]]; then
        [[ $rep -eq 1 ]] && printf '%s\t%s\t%s\tfail\t%s\n' "$wl" "$peer" 0 \
          "$(tr '|\t' '/ ' <<<"${SHAPE_BAD[$wl]}" | cut -c1-160)" >>"$RAW"
        continue
      fi
      if [[ "$peer" == jgs && "$wl" == q3 ]]; then
        [[ $rep -eq 1 ]] && printf '%s\t%s\t%s\tskip\t%s\n' "$wl" "$peer" 0 \
          "json-graphql-server cannot aggregate cost per model" >>"$RAW"
        continue
      fi
      run_one "$peer" "$wl" "$rep"
    done
  done
done

# --- 4. table -------------------------------------------------------------------
CMD=""
for v in CONNS DURATION REPS WARMUP PIN PEERS AGENTMOCK_ARGS; do
  val=${!v:-}
  [[ $v == WARMUP ]] && val=${WARMUP:-2s}
  [[ -n "$val" ]] && CMD+="$v=$([[ $val == *' '* ]] && echo "'$val'" || echo "$val") "
done
CMD+="bench/load.sh ${WORKLOADS[*]}"

awk -F'\t' -v peers="$PEERS" -v wls="${WORKLOADS[*]}" -v reps="$REPS" '
function kv(line, key,   re, m) {
  if (match(line, "(^| )" key "=[^ ]+")) { m = substr(line, RSTART, RLENGTH); sub(/^ /, "", m); sub(/^[^=]*=/, "", m); return m }
  return ""
}
function median(list,   a, n, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function fmt(x, d,   s, f, i, out) {
  s = sprintf("%." d "f", x); f = ""
  if (i = index(s, ".")) { f = substr(s, i); s = substr(s, 1, i - 1) }
  while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
  return s out f
}
{
  k = $1 SUBSEP $2
  if ($4 == "skip") { skip[k] = $5; next }
  if ($4 == "fail") { fails[k]++; why[k] = $5; next }
  n[k]++
  rps[k] = rps[k] " " kv($5, "rps"); p50[k] = p50[k] " " kv($5, "p50_ms"); p99[k] = p99[k] " " kv($5, "p99_ms")
  h = kv($5, "hwm_mb") + 0; if (h > hwm[k]) hwm[k] = h
  bad[k] += kv($5, "non200") + kv($5, "errors"); bytes[k] = kv($5, "bytes_per_req")
  r = kv($5, "rps") + 0; if (r > 0) cpu[k] = cpu[k] " " (kv($5, "srv_cpu") * 1e6 / r)
}
END {
  np = split(peers, P, " "); nw = split(wls, W, " ")
  print "| workload | peer | req/s (median) | p50 ms | p99 ms | peak RSS MiB | server CPU µs/req | bytes/resp | runs ok |"
  print "|---|---|---:|---:|---:|---:|---:|---:|---|"
  for (w = 1; w <= nw; w++) for (p = 1; p <= np; p++) {
    k = W[w] SUBSEP P[p]
    if (k in skip) { printf "| %s | %s | n/a | | | | | | skipped: %s |\n", W[w], P[p], skip[k]; continue }
    if (!(k in n)) { printf "| %s | %s | FAILED | | | | | | 0/%d: %s |\n", W[w], P[p], reps, why[k]; continue }
    R[k] = median(rps[k]); Q99[k] = median(p99[k])
    note = n[k] "/" reps; if (fails[k]) note = note " (failed: " why[k] ")"; if (bad[k]) note = note " **" bad[k] " non-200/errors**"
    C[k] = median(cpu[k])
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", W[w], P[p], fmt(R[k], 0), fmt(median(p50[k]), 2), fmt(Q99[k], 2), fmt(hwm[k], 1), fmt(C[k], 0), fmt(bytes[k], 0), note
  }
  if (index(" " peers " ", " apollo5 ")) {
    print ""
    print "| workload | server | req/s vs apollo5 (target ≥ 10×) | p99 vs apollo5 (target ≤ 0.10) | apollo5 CPU per request ÷ this |"
    print "|---|---|---:|---:|---:|"
    for (w = 1; w <= nw; w++) for (p = 1; p <= np; p++) {
      if (P[p] !~ /^agentmock/) continue
      a = W[w] SUBSEP P[p]; b = W[w] SUBSEP "apollo5"
      if (!(a in R) || !(b in R) || R[b] == 0 || Q99[b] == 0) { printf "| %s | %s | n/a | n/a | n/a |\n", W[w], P[p]; continue }
      rr = R[a] / R[b]; pr = Q99[a] / Q99[b]
      printf "| %s | %s | %.2f×%s | %.3f (1/%.1f)%s | %s |\n", W[w], P[p], rr, (rr >= 10 ? "" : " (below target)"), pr, (pr > 0 ? 1 / pr : 0), (pr <= 0.1 ? "" : " (above target)"), (C[a] > 0 ? sprintf("%.2f×", C[b] / C[a]) : "n/a")
    }
  }
}' "$RAW"
echo
echo "Command: \`$CMD\` (peers from $PEERS_SRC, run in $PEERS_DIR; agentmock \`$AGENTMOCK_START\`)"
echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(node --version) node; oha $("$OHA" --version 2>/dev/null | awk '{print $2}'); git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "Raw run-peers lines: $RAW"
