// The README's playwright.config.ts (staged next to this file) as
// recipes.test.mjs runs it: Debian's Chromium (no browser is downloaded),
// two workers, a JSON report for the test to read.
import { defineConfig } from "@playwright/test";
import recipe from "./playwright.config";

export default defineConfig(recipe, {
  workers: 2,
  timeout: 60_000,
  reporter: [["json", { outputFile: process.env.RECIPE_REPORT }]],
  outputDir: process.env.RECIPE_OUTPUT,
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
});
