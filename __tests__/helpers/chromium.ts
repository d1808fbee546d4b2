/**
 * Headless Chromium for the page tests (the trend chart's Mermaid, the dashboard), launched
 * through the DevTools-protocol client of the flame graph tests. No Chromium: the tests skip
 * with a message saying why, except under CI=true, where they fail (the tool must be there).
 */
import { Browser, findChromium } from '../flamegraph/cdp.js';

export { Browser, type Page } from '../flamegraph/cdp.js';

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
      return { browser: await Browser.launch(exe), reason: undefined };
    } catch (err) {
      reason = `chromium at ${exe} could not be launched: ${(err as Error).message}`;
    }
  }
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  return { browser: undefined, reason };
}

/** True (after printing why) when the test must be skipped for want of a browser. */
export function skipWithout(launched: LaunchedBrowser): boolean {
  if (launched.browser) return false;
  console.warn(`SKIPPED browser test: ${launched.reason ?? 'unknown reason'}`);
  return true;
}
