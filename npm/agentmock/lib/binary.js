// Where the agentmock binary is: $AGENTMOCK_BINARY when set, else the
// platform package npm installed among the optional dependencies (the
// esbuild pattern: one package per os/cpu, each carrying its binary in its
// tarball, so nothing runs or downloads at install time).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The platform packages, by `${process.platform}-${process.arch}`. */
export const PLATFORM_PACKAGES = {
  "darwin-arm64": "@agentmock/darwin-arm64",
  "darwin-x64": "@agentmock/darwin-x64",
  "linux-arm64": "@agentmock/linux-arm64",
  "linux-x64": "@agentmock/linux-x64",
  "win32-x64": "@agentmock/win32-x64",
};

/** The environment variable naming another binary (a cargo build, say). */
export const BINARY_VARIABLE = "AGENTMOCK_BINARY";

/**
 * The path of the binary to run: `explicit`, else `$AGENTMOCK_BINARY`,
 * else the installed platform package's. Throws an Error that says what
 * to do when there is none.
 */
export function binaryPath(explicit, env = process.env) {
  const named = explicit ?? env[BINARY_VARIABLE];
  if (named) {
    const resolved = path.resolve(named);
    if (!existsSync(resolved)) {
      throw new Error(
        `${explicit ? "the binary option" : BINARY_VARIABLE} names ${resolved}, which does not exist`,
      );
    }
    return resolved;
  }
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) {
    throw new Error(
      `agentmock has no prebuilt binary for ${key}: build it with cargo (cargo install --git <repository>) ` +
        `and set ${BINARY_VARIABLE} to its path`,
    );
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `the package ${pkg} (agentmock's binary for ${key}) is not installed: it is an optional dependency, ` +
        `left out by --omit=optional, --no-optional or a lockfile made on another platform. ` +
        `Reinstall with optional dependencies (npm install --include=optional), ` +
        `or set ${BINARY_VARIABLE} to an agentmock binary`,
    );
  }
  const binary = path.join(dir, "bin", process.platform === "win32" ? "agentmock.exe" : "agentmock");
  if (!existsSync(binary)) {
    throw new Error(`${pkg} is installed but has no binary at ${binary}: reinstall it, or set ${BINARY_VARIABLE}`);
  }
  return binary;
}
