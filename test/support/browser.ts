/**
 * Which browser the browser tests drive, in this order:
 * 1. `CHROMIUM_PATH`, when set (a local Chrome on macOS, for example);
 * 2. Debian's chromium at /usr/bin/chromium, when installed;
 * 3. the Chromium that ships inside the `@sparticuz/chromium` package (Linux), unpacked on first use into this
 *    clone's node_modules/.cache (the package unpacks into the temp folder, where another user's copy would be
 *    unreadable), so `npm ci && npm test` needs no apt and no root.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Headless flags for a test browser: no sandbox (containers, root), no GPU, nothing fetched from outside. */
export const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function browserExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH names no file: ${configured}`);
    return configured;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (process.platform !== 'linux') {
    throw new Error('No browser for the browser tests: set CHROMIUM_PATH to a Chrome or Chromium executable');
  }
  // The package unpacks into os.tmpdir(), read from TMPDIR at each call: point it at this clone's cache while it
  // does. Imported only here: on a machine with its own browser the package is never unpacked.
  const cache = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'chromium');
  mkdirSync(cache, { recursive: true });
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
}

/** Launches the test browser with the project's flags (not the package's Lambda flags: they assume /tmp only). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await browserExecutable(), args: HEADLESS_FLAGS });
}
