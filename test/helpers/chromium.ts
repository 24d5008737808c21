/**
 * Debian's Chromium, headless, driven by playwright-core, for the HTML report's tests and bench. Launched with a
 * fresh profile and without its background services: on a closed network their connections are refused, and a
 * page test must see only the requests the page makes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const NO_CHROMIUM = `${CHROMIUM} not found (Debian package chromium; .ci/run installs it)`;

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** A browser context on a temporary profile; `close` stops the browser and removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'parapet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
