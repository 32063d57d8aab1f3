#!/usr/bin/env bash
# Packs the npm packages: the launcher `agentmock` and one platform package
# carrying a built binary, into OUT_DIR (default: a new temporary folder),
# and prints the two tarballs' paths, launcher first.
#
#   npm/pack.sh [OUT_DIR]
#
#   AGENTMOCK_BIN       the binary to ship (default: the static release build,
#                       target/x86_64-unknown-linux-gnu/release/agentmock,
#                       else target/release/agentmock; CARGO_TARGET_DIR is
#                       honoured). Builds nothing.
#   AGENTMOCK_PLATFORM  the platform package to fill (default: linux-x64)
#
# Works on copies in a staging folder: the schema and the client cache
# configuration are copied in, the binary goes to bin/ (stripped,
# executable), every version is stamped with Cargo.toml's. Nothing is
# written into the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
platform="${AGENTMOCK_PLATFORM:-linux-x64}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
if [ -z "${AGENTMOCK_BIN:-}" ]; then
  for candidate in "$target_dir/x86_64-unknown-linux-gnu/release/agentmock" "$target_dir/release/agentmock"; do
    if [ -x "$candidate" ]; then AGENTMOCK_BIN="$candidate"; break; fi
  done
fi
bin="${AGENTMOCK_BIN:-}"
if [ -z "$bin" ] || [ ! -f "$bin" ]; then
  echo "pack.sh: no binary to ship: build one (cargo build --release) or set AGENTMOCK_BIN" >&2
  exit 1
fi
if [ ! -f "$here/$platform/package.json" ]; then
  echo "pack.sh: no platform package npm/$platform" >&2
  exit 1
fi
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -1)"
[ -n "$version" ] || { echo "pack.sh: no version in Cargo.toml" >&2; exit 1; }

# The WebAssembly engine (agentmock/wasm) ships built: wasm/build.sh puts it here.
if [ ! -f "$here/agentmock/wasm/engine/agentmock_engine_bg.wasm" ]; then
  echo "pack.sh: no WebAssembly engine in npm/agentmock/wasm/engine: build it first (wasm/build.sh)" >&2
  exit 1
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

# The launcher, with what it ships from the repository.
cp -R "$here/agentmock" "$staging/agentmock"
cp "$root/schema.graphql" "$staging/agentmock/schema.graphql"
cp "$root/clients/apollo-type-policies.js" "$root/clients/urql-keys.js" "$staging/agentmock/clients/"

# The platform package, with the binary.
exe="agentmock"
case "$platform" in win32-*) exe="agentmock.exe" ;; esac
cp -R "$here/$platform" "$staging/$platform"
mkdir -p "$staging/$platform/bin"
cp "$bin" "$staging/$platform/bin/$exe"
chmod 755 "$staging/$platform/bin/$exe"
if [ "$platform" = "linux-x64" ] && command -v strip >/dev/null 2>&1; then
  strip "$staging/$platform/bin/$exe"
fi
# A binary this machine can run must say the version it is packed as.
if [ "$platform" = "linux-x64" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  said="$("$staging/$platform/bin/$exe" --version)"
  if [ "$said" != "agentmock $version" ]; then
    echo "pack.sh: $bin says \"$said\", not \"agentmock $version\"" >&2
    exit 1
  fi
fi

# Every version from Cargo.toml: the packages' and the launcher's
# optional dependencies on its platform packages.
node - "$staging" "$version" "$platform" <<'JS'
const fs = require("node:fs");
const path = require("node:path");
const [staging, version, platform] = process.argv.slice(2);
for (const dir of ["agentmock", platform]) {
  const file = path.join(staging, dir, "package.json");
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.version = version;
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) pkg.optionalDependencies[name] = version;
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
}
JS

for dir in agentmock "$platform"; do
  (cd "$staging/$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done
echo "$out/agentmock-$version.tgz"
echo "$out/agentmock-$platform-$version.tgz"
