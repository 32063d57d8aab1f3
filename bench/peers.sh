# bench/peers.sh — sourced by bench/wrk.sh and bench/engine.sh: copies the
# peers (PEERS_SRC) into PEERS_DIR and prepares them (`npm ci`, `node
# gen-data.mjs`) unless that was done before. Needs the caller's `die` and
# `log`.
prepare_peers() {
  [[ -d "$PEERS_DIR/node_modules" && -f "$PEERS_DIR/data.json" ]] && return 0
  [[ -d "$PEERS_SRC" ]] || die "no peers at $PEERS_SRC (set PEERS_SRC)"
  log "preparing peers in $PEERS_DIR"
  mkdir -p "$PEERS_DIR"
  cp -r "$PEERS_SRC"/. "$PEERS_DIR"/
  (cd "$PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2 && node gen-data.mjs >&2)
}
