// The JavaScript, TypeScript and YAML snippets of README.md, docs/*.md and
// the npm READMEs (snippets.mjs reads them; issue 18: every snippet in the
// docs is run by a test; tests/it/docs.rs runs the GraphQL, shell and JSON
// ones, recipes.test.mjs runs the README's recipes against the binary):
// - ```js, ```ts and ```tsx blocks are type-checked together by tsc
//   (strict), each split into the files its `// path.ts` comments name,
//   against the client libraries installed here, @playwright/test, vitest,
//   React's types and the npm package as it installs (npm/agentmock plus
//   the schema and clients/*.js, as npm/pack.sh stages it), whose own .d.ts
//   files are checked too (skipLibCheck off: vitest.d.ts's augmentation of
//   "vitest" included). A block marked `<!-- doc-test: run -->` is also run
//   with node against the binary ($AGENTMOCK_BIN).
// - ```yaml blocks are parsed; a compose file's agentmock service must use
//   the image the docs build, and its command and environment must pass
//   the binary's own settings validation.
// - Modules not installed here are listed in UNTYPED with the reason: the
//   snippet then sees them as `any` (syntax and its own code still checked).
// - A block of a kind neither suite knows fails here too.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";

import { allBlocks, here, root, stageSnippets } from "./snippets.mjs";

const stage = path.join(here, ".docs");
const bin = process.env.AGENTMOCK_BIN ?? path.join(root, "target/debug/agentmock");

const RUST_KINDS = ["graphql", "sh", "json", "text"];
const NODE_KINDS = ["js", "ts", "tsx", "yaml"];
/** Modules a snippet imports that are not installed here, and why. */
const UNTYPED = {
  testcontainers: "its Node client pulls in dockerode, ssh2 and archiver for one snippet of docs/install.md",
};

const blocks = allBlocks();

test("every block has a kind a suite runs", () => {
  assert.ok(blocks.length >= 20, `${blocks.length} blocks`);
  for (const b of blocks) {
    assert.ok(
      RUST_KINDS.includes(b.kind) || NODE_KINDS.includes(b.kind),
      `${b.doc}:${b.line}: a \`\`\`${b.kind} block: no suite runs that kind`,
    );
  }
});

/**
 * Stages the snippets as files of a project under .docs/ (snippets.mjs),
 * with a strict tsconfig over them and the package's own types. Returns
 * the files, each with where it came from.
 */
function stageForTsc() {
  rmSync(stage, { recursive: true, force: true });
  const files = stageSnippets(stage, blocks);
  const untyped = Object.keys(UNTYPED).map((m) => `declare module "${m}";`).join("\n");
  writeFileSync(path.join(stage, "untyped.d.ts"), `// Not installed here: see UNTYPED in docs.test.mjs.\n${untyped}\n`);
  writeFileSync(
    path.join(stage, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "esnext",
          moduleResolution: "bundler",
          lib: ["es2023", "esnext.disposable", "dom", "dom.iterable"],
          jsx: "react-jsx",
          allowJs: true,
          checkJs: true,
          skipLibCheck: false,
          types: ["node"],
        },
        include: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
        // The package's own types, checked as its users get them.
        files: ["index.d.ts", "playwright.d.ts", "vitest.d.ts", "clients/apollo-type-policies.d.ts", "clients/urql-keys.d.ts"].map(
          (f) => `node_modules/agentmock/${f}`,
        ),
      },
      null,
      2,
    ),
  );
  return files;
}

/** tsc's diagnostics with staged paths turned back into doc:line. */
function located(output, files) {
  return output.replace(/^(\S+?)\((\d+),(\d+)\)/gm, (whole, file, line, column) => {
    const staged = files.find((f) => path.resolve(here, file) === f.file);
    return staged ? `${staged.doc}:${staged.start + Number(line) - 1}:${column}` : whole;
  });
}

test("the js, ts and tsx snippets type-check against the npm package and the libraries", () => {
  const files = stageForTsc();
  assert.ok(files.length >= 10, `${files.length} snippet files`);
  for (const [name, why] of Object.entries(UNTYPED)) {
    const used = files.some((f) => readFileSync(f.file, "utf8").includes(`from "${name}"`));
    assert.ok(used, `${name} is listed as untyped (${why}) but no snippet imports it`);
  }
  const tsc = spawnSync(process.execPath, [path.join(here, "node_modules/typescript/bin/tsc"), "-p", stage], {
    encoding: "utf8",
    cwd: here,
  });
  assert.equal(tsc.status, 0, `tsc:\n${located(tsc.stdout + tsc.stderr, files)}`);
});

test("snippets marked run run against the binary", () => {
  const runs = blocks.filter((b) => b.mark === "run");
  assert.ok(runs.length >= 1, "no snippet is marked run");
  const files = stageForTsc();
  for (const b of runs) {
    assert.equal(b.kind, "js", `${b.doc}:${b.line}: only js blocks can be marked run (Node ${process.version} runs no TypeScript)`);
    const file = files.find((f) => f.block === b);
    const run = spawnSync(process.execPath, [file.file], {
      encoding: "utf8",
      env: { ...process.env, AGENTMOCK_BINARY: bin },
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `${b.doc}:${b.line}: exit ${run.status}\n${run.stdout}${run.stderr}`);
  }
});

after(() => rmSync(stage, { recursive: true, force: true }));

/** Runs the binary's settings validation on a compose service's command and environment. */
function checkSettings(where, args, env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AGENTMOCK_")));
  const run = spawnSync(bin, [...args, "schema"], {
    encoding: "utf8",
    env: { ...clean, ...env },
    cwd: os.tmpdir(), // no .env of ours read
  });
  assert.equal(run.status, 0, `${where}: agentmock ${args.join(" ")} with ${JSON.stringify(env)}: ${run.stderr}`);
}

test("yaml snippets parse, and a compose file's agentmock service is configured as the binary accepts", () => {
  const yamls = blocks.filter((b) => b.kind === "yaml");
  assert.ok(yamls.length >= 1, "no yaml snippet");
  for (const b of yamls) {
    const where = `${b.doc}:${b.line}`;
    const doc = parseYaml(b.text, { prettyErrors: true });
    assert.ok(doc && typeof doc === "object", `${where}: not a YAML mapping`);
    const service = doc.services?.agentmock;
    assert.ok(service, `${where}: a compose file with an agentmock service (the only kind of YAML the docs hold)`);
    assert.equal(service.image, "agentmock", `${where}: the image docs/install.md builds`);
    const command = service.command ?? [];
    assert.ok(Array.isArray(command), `${where}: command as a list`);
    checkSettings(where, command.map(String), Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)])));
    for (const [name, other] of Object.entries(doc.services)) {
      for (const [dependency, how] of Object.entries(other.depends_on ?? {})) {
        assert.ok(doc.services[dependency], `${where}: ${name} depends on ${dependency}, not a service`);
        assert.ok(["service_started", "service_healthy", "service_completed_successfully"].includes(how.condition), `${where}: ${how.condition}`);
      }
    }
  }
});
