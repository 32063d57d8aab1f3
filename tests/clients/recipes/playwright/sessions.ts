// What the Playwright recipe promises, checked from inside Playwright with
// the recipe's own fixtures: the webServer's agentmock answers at the
// fixture's URL; each worker's page requests carry X-Agentmock-Session:
// worker-<index>; two workers writing at once never see each other's
// writes; the session is reset before each test. first.spec.ts and
// second.spec.ts each run these, so each of the two workers gets a file.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";

/** Jacob Shah, an operator (docs/writes.md): may create agents. */
const OPERATOR = "Bearer amk_1605c5a789d1ad8c565d07db3ce9ee8f";
/** Where each worker leaves word that it has written (set by recipes.test.mjs). */
const BARRIER = process.env.RECIPE_BARRIER!;

/** A GraphQL request from the page, as the app under test would make it. */
function ask(page: Page, query: string, headers: Record<string, string> = {}) {
  return page.evaluate(
    async ([query, headers]) => {
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query }),
      });
      return response.json();
    },
    [query, headers] as const,
  );
}

const FLEET = "{ meta { session } agents { totalCount } }";

export function sessionTests() {
  test("the page's requests carry the worker's session, and its writes are its own", async ({ page, agentmockSession, agentmockUrl }, testInfo) => {
    expect(agentmockSession).toBe(`worker-${testInfo.workerIndex}`);
    // The server the webServer entry started, with the recipe's anchor.
    const health = await page.goto(`${agentmockUrl}/healthz`);
    expect(await health!.json()).toMatchObject({ status: "ok", anchorTime: "2025-01-19T14:00:00Z" });

    const before = await ask(page, FLEET);
    expect(before.data).toEqual({ meta: { session: agentmockSession }, agents: { totalCount: 20 } });
    const created = await ask(
      page,
      `mutation { createAgent(input: { name: "Triage ${agentmockSession}", kind: CUSTOMER_SUPPORT, model: "gpt-4o-mini" }) { agent { name } } }`,
      { authorization: OPERATOR },
    );
    expect(created.errors).toBeUndefined();
    writeFileSync(path.join(BARRIER, agentmockSession), "");

    // Wait for the other worker's write, then look again: still only ours.
    const other = `worker-${1 - testInfo.workerIndex}`;
    await expect.poll(() => existsSync(path.join(BARRIER, other)), { timeout: 30_000 }).toBe(true);
    const after = await ask(page, "{ agents { totalCount } triage: agents(filter: { search: \"Triage\" }) { nodes { name } } }");
    expect(after.data).toEqual({ agents: { totalCount: 21 }, triage: { nodes: [{ name: `Triage ${agentmockSession}` }] } });
  });

  test("the next test starts from the seeded state", async ({ page, agentmockSession, agentmockUrl }) => {
    await page.goto(`${agentmockUrl}/healthz`);
    const fleet = await ask(page, FLEET);
    expect(fleet.data).toEqual({ meta: { session: agentmockSession }, agents: { totalCount: 20 } });
  });
}
