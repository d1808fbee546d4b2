/**
 * Headless Chromium for the page tests (flame graphs, the trend chart's Mermaid, the dashboard,
 * the investigation report), driven by playwright-core. Playwright downloads no browser here: it
 * launches the system's Chromium (Debian's `chromium`, or CHROMIUM_PATH). No Chromium: the tests
 * skip with a message saying why, except under CI=true, where they fail (the tool must be there).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export type { Browser, Page } from 'playwright-core';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && existsSync(c));
}

export interface LaunchedBrowser {
  browser: Browser | undefined;
  /** Why there is no browser, when there is none. */
  reason: string | undefined;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const exe = findChromium();
  let reason: string | undefined;
  if (!exe) reason = 'no chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)';
  else {
    try {
      return {
        browser: await chromium.launch({
          executablePath: exe,
          args: ['--disable-gpu', '--disable-dev-shm-usage'],
          timeout: 60_000,
        }),
        reason: undefined,
      };
    } catch (err) {
      reason = `chromium at ${exe} could not be launched: ${(err as Error).message}`;
    }
  }
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  return { browser: undefined, reason };
}

/** True (after printing why) when the test must be skipped for want of a browser. */
export function skipWithout(launched: LaunchedBrowser | undefined): boolean {
  if (launched?.browser) return false;
  console.warn(`SKIPPED browser test: ${launched?.reason ?? 'unknown reason'}`);
  return true;
}
