// The flags agentmock takes for a set of options: the server's
// (`startAgentmock`, the Playwright `webServer`) and the WebAssembly
// engine's, which takes the same dataset and testing flags. No Node
// imports: the engine's entry loads this in a browser too.

/** Adds `--name value` to `args` when `value` is given. */
function flagger(args) {
  return (name, value) => {
    if (value !== undefined && value !== null) args.push(`--${name}`, String(value));
  };
}

/** The flags every way of running agentmock shares: dataset, sessions, faults. */
function datasetArgs(options, flag) {
  flag("seed", options.seed);
  flag("now", options.now instanceof Date ? options.now.toISOString() : options.now);
  flag("scenario", options.scenario);
  const sessions = typeof options.sessions === "number" ? { max: options.sessions } : options.sessions;
  if (sessions) {
    flag("max-sessions", sessions.max);
    flag("session-idle-ms", sessions.idleMs);
    flag("sessions-mb", sessions.memoryMb);
  }
  const faults = Array.isArray(options.faults) ? options.faults.join("; ") : options.faults;
  flag("fault", faults);
  flag("latency", options.latency);
}

/**
 * The command-line arguments for `options` (what `startAgentmock` and the
 * Playwright `webServer` run). `port` defaults to 0 (a free port).
 */
export function agentmockArgs(options = {}) {
  const args = [];
  const flag = flagger(args);
  flag("host", options.host ?? "127.0.0.1");
  flag("port", options.port ?? 0);
  datasetArgs(options, flag);
  flag("simulator", options.simulator);
  flag("log", options.log ?? "warn");
  args.push(...(options.args ?? []));
  return args;
}

/** The engine's flags for `options` (`createEngine`): no host, port or log. */
export function engineArgs(options = {}) {
  const args = [];
  const flag = flagger(args);
  datasetArgs(options, flag);
  flag("public-url", options.publicUrl);
  args.push(...(options.args ?? []));
  return args;
}
