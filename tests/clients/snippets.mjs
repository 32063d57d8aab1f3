// The docs' fenced code blocks, as docs.test.mjs (type-checked, parsed)
// and recipes.test.mjs (the README's recipes run) read them: which
// documents hold snippets, how a block is found and marked, and how a
// js/ts/tsx block becomes the files its `// path.ts` comments name, next
// to the npm package as it installs.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");

/**
 * The documents whose snippets are tested, from the root: README.md,
 * docs/*.md and the npm READMEs (the registry's page of the package and
 * the maintainers' notes on packing it). tests/it/docs.rs reads the same
 * list.
 */
export function documentPaths() {
  const pages = readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...pages, "npm/README.md", "npm/agentmock/README.md"];
}

/**
 * The fenced blocks of a document: { doc, line, kind, mark, text }, where
 * `mark` is what a `<!-- doc-test: ... -->` line right before it says.
 */
export function blocksOf(doc, text = readFileSync(path.join(root, doc), "utf8")) {
  const blocks = [];
  let open = null;
  let previous = "";
  text.split("\n").forEach((line, i) => {
    const trimmed = line.trimStart();
    if (!open && trimmed.startsWith("```")) {
      const mark = /^<!-- doc-test:(.*)-->$/.exec(previous.trim())?.[1].trim() ?? null;
      open = { doc, line: i + 1, kind: trimmed.replace(/^`+/, "").trim(), mark, indent: line.length - trimmed.length, body: [] };
    } else if (open && /^`{3,}\s*$/.test(trimmed)) {
      blocks.push({ doc: open.doc, line: open.line, kind: open.kind, mark: open.mark, text: open.body.join("\n") + "\n" });
      open = null;
      previous = "";
    } else if (open) {
      open.body.push(line.slice(open.indent));
    } else if (line.trim()) {
      previous = line;
    }
  });
  assert.equal(open, null, `${doc}: a fence is never closed`);
  return blocks;
}

/** Every block of every tested document. */
export function allBlocks() {
  return documentPaths().flatMap((doc) => blocksOf(doc));
}

/** A file-name comment that starts a file of its own: `// src/apollo.ts`. */
const FILE_COMMENT = /^\/\/ ([\w@.-]+(?:\/[\w@.-]+)*\.(?:ts|tsx|js|mjs))\b/;

/**
 * A js/ts/tsx block split at its file-name comments: [{ name, start, text }],
 * `start` being the document's line of the part's first line. A part with
 * no such comment is `snippet-<line>.<kind>`.
 */
export function filesOf(block) {
  let current = { name: `snippet-${block.line}.${block.kind}`, start: block.line + 1, lines: [] };
  const parts = [current];
  block.text.split("\n").forEach((line, i) => {
    const named = FILE_COMMENT.exec(line);
    if (named) {
      if (current.lines.some((l) => l.trim())) parts.push((current = { lines: [] }));
      current.name = named[1];
      current.start = block.line + 1 + i;
      current.lines = [];
    }
    current.lines.push(line);
  });
  return parts
    .filter((p) => p.lines.some((l) => l.trim()))
    .map((p) => ({ name: p.name, start: p.start, text: p.lines.join("\n") }));
}

/**
 * Installs the npm package into `dir`/node_modules/agentmock as npm/pack.sh
 * stages it (npm/agentmock plus the committed schema and clients/*.js),
 * without the platform package: the binary comes from AGENTMOCK_BINARY.
 */
export function installPackage(dir) {
  const pkg = path.join(dir, "node_modules/agentmock");
  cpSync(path.join(root, "npm/agentmock"), pkg, { recursive: true });
  cpSync(path.join(root, "schema.graphql"), path.join(pkg, "schema.graphql"));
  for (const file of ["apollo-type-policies.js", "urql-keys.js"]) {
    cpSync(path.join(root, "clients", file), path.join(pkg, "clients", file));
  }
}

/**
 * Writes the js/ts/tsx `blocks` as files under `stage`, one folder per
 * document (`docs/install.md` → `docs-install/`), next to the installed
 * package. Returns [{ file, doc, start, block }]; a name given twice in a
 * document fails.
 */
export function stageSnippets(stage, blocks) {
  mkdirSync(stage, { recursive: true });
  installPackage(stage);
  const files = [];
  for (const block of blocks.filter((b) => ["js", "ts", "tsx"].includes(b.kind))) {
    const folder = block.doc.replace(/\.md$/, "").replace(/\//g, "-");
    for (const part of filesOf(block)) {
      const file = path.join(stage, folder, part.name);
      assert.ok(!files.some((f) => f.file === file), `${block.doc}:${block.line}: ${part.name} named twice in ${block.doc}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, part.text);
      files.push({ file, doc: block.doc, start: part.start, block });
    }
  }
  return files;
}
