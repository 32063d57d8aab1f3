// How every browser check starts Chromium: Debian's (or $CHROMIUM),
// headless, with nothing of its own going to the network (no downloads,
// updates or sync), and none of playwright-core's browser downloads.
import { chromium } from 'playwright-core';

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium with ARGS, then `extraArgs`; `options` go to playwright-core's launch. */
export function launchChromium(extraArgs = [], options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...options,
    args: [...ARGS, ...extraArgs],
  });
}
