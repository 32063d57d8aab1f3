#!/usr/bin/env node
// `npx agentmock [flags]`: runs the platform binary with the same
// arguments, standard streams and exit code. Signals sent to this process
// (Ctrl-C, a test runner's SIGTERM) go on to the binary, which shuts down
// gracefully.
import { spawn } from "node:child_process";

import { binaryPath } from "../lib/binary.js";

let binary;
try {
  binary = binaryPath();
} catch (error) {
  console.error(`agentmock: ${error.message}`);
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on("error", (error) => {
  console.error(`agentmock: cannot run ${binary}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so a parent sees what the binary saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
