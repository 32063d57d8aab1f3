#!/usr/bin/env bash
# Builds the WebAssembly engine for the npm package: the agentmock-wasm
# crate for wasm32-unknown-unknown (profile `wasm`: built for size), then
# wasm-bindgen's JavaScript glue (`--target web`: an ES module that a
# browser fetches and Node reads), into OUT_DIR (default
# npm/agentmock/wasm/engine, which git ignores).
#
#   wasm/build.sh [OUT_DIR]
#
# Installs what it needs when missing: the wasm32 target (rustup) and
# wasm-bindgen-cli at the exact version of the wasm-bindgen crate.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$root/npm/agentmock/wasm/engine}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# The CLI must match the crate the module was built with, to the patch.
version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$here/Cargo.toml")"
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  cargo install --quiet wasm-bindgen-cli --version "$version"
fi

cargo build --locked --quiet -p agentmock-wasm --target wasm32-unknown-unknown --profile wasm
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name agentmock_engine \
  "$target_dir/wasm32-unknown-unknown/wasm/agentmock_wasm.wasm"
# The glue's TypeScript declarations of the raw module are not shipped: the
# package's own (npm/agentmock/wasm/index.d.ts) describe its API.
rm -f "$out/agentmock_engine_bg.wasm.d.ts"
wasm_bytes=$(wc -c < "$out/agentmock_engine_bg.wasm")
gzip_bytes=$(gzip -9 -c "$out/agentmock_engine_bg.wasm" | wc -c)
echo "wasm/build.sh: $out/agentmock_engine_bg.wasm: $wasm_bytes bytes, $gzip_bytes gzipped"
