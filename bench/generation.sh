#!/usr/bin/env bash
# bench/generation.sh — generation benchmark (issue 2), one command.
#
#   bench/generation.sh                 # criterion medians + peak RSS, markdown table on stdout
#   SKIP_CRITERION=1 bench/generation.sh   # reuse the last criterion results (target/criterion)
#
# 1. `cargo bench --bench generate`: median time of data::generate and of
#    Snapshot::new (index building) at the default volumes (x1) and at x1000.
# 2. `examples/generate.rs` (release) at --scale 1 and --scale 1000, each in a
#    fresh process: wall time of generate + index and peak RSS (VmHWM).
# 3. A markdown table with the targets: default < 10 ms; x1000 < 3 s and
#    < 1.5 GiB. Time targets are judged on generate + index (what a server
#    pays before it can answer), the sum of the two criterion medians.
#
# Environment: CARGO (default cargo), CARGO_TARGET_DIR (default <repo>/target),
# SKIP_CRITERION=1, CPU=<n> to pin everything to one CPU with taskset.
# Criterion's full output goes to <target>/bench-generation.log.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CARGO=${CARGO:-cargo}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CRIT=${CRITERION_HOME:-$TARGET/criterion}
LOG=$TARGET/bench-generation.log
PINNED=()
if [[ -n "${CPU:-}" ]]; then PINNED=(taskset -c "$CPU"); fi

command -v "$CARGO" >/dev/null || { echo "error: $CARGO not found" >&2; exit 2; }
[[ -d /proc/self ]] || { echo "error: needs Linux /proc for peak RSS" >&2; exit 2; }

if [[ -z "${SKIP_CRITERION:-}" ]]; then
  echo "running cargo bench --bench generate (log: $LOG) ..." >&2
  # Build first (not pinned), then run the benchmark binary pinned if asked.
  "$CARGO" bench --bench generate --no-run >"$LOG" 2>&1 || { tail -20 "$LOG" >&2; exit 1; }
  "${PINNED[@]}" "$CARGO" bench --bench generate >>"$LOG" 2>&1 || { tail -20 "$LOG" >&2; exit 1; }
fi

# Median point estimate of one criterion benchmark, in nanoseconds.
median_ns() {
  local f="$CRIT/$1/new/estimates.json"
  [[ -f "$f" ]] || { echo "error: no criterion result $f (run without SKIP_CRITERION)" >&2; exit 1; }
  sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$f"
}
G1=$(median_ns x1/generate); S1=$(median_ns x1/snapshot)
G1000=$(median_ns x1000/generate); S1000=$(median_ns x1000/snapshot)

echo "building examples/generate (release) ..." >&2
"$CARGO" build --release --example generate >>"$LOG" 2>&1 || { tail -20 "$LOG" >&2; exit 1; }
EXAMPLE=$TARGET/release/examples/generate
LINE1=$("${PINNED[@]}" "$EXAMPLE" --scale 1)
LINE1000=$("${PINNED[@]}" "$EXAMPLE" --scale 1000)
field() { sed -E "s/.*(^| )$2=([^ ]+).*/\2/" <<<"$1"; }

awk -v g1="$G1" -v s1="$S1" -v g1000="$G1000" -v s1000="$S1000" \
    -v w1="$(field "$LINE1" total_ms)" -v w1000="$(field "$LINE1000" total_ms)" \
    -v r1="$(field "$LINE1" peak_rss_mib)" -v r1000="$(field "$LINE1000" peak_rss_mib)" '
function ms(ns) { return sprintf(ns < 1e7 ? "%.3f ms" : "%.1f ms", ns / 1e6) }
function ok(b) { return b ? "yes" : "**NO**" }
BEGIN {
  print "| measure | x1 (default) | x1000 | target | met |"
  print "|---|---:|---:|---|---|"
  printf "| generate, median (criterion) | %s | %s | | |\n", ms(g1), ms(g1000)
  printf "| index (`Snapshot::new`), median (criterion) | %s | %s | | |\n", ms(s1), ms(s1000)
  printf "| generate + index (sum of medians) | %s | %s | x1 < 10 ms; x1000 < 3 s | %s / %s |\n", \
    ms(g1 + s1), ms(g1000 + s1000), ok(g1 + s1 < 1e7), ok(g1000 + s1000 < 3e9)
  printf "| generate + index, one cold run (example) | %.1f ms | %.1f ms | | |\n", w1, w1000
  printf "| peak RSS (VmHWM, whole process) | %.1f MiB | %.1f MiB | x1000 < 1.5 GiB (1536 MiB) | %s |\n", \
    r1, r1000, ok(r1000 < 1536)
}'
echo
echo "examples/generate: $LINE1"
echo "examples/generate: $LINE1000"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); rustc $(rustc --version | cut -d' ' -f2); git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "command: ${CPU:+CPU=$CPU }bench/generation.sh"
