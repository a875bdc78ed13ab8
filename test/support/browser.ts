/**
 * Which browser the browser tests drive, in this order:
 * 1. `CHROMIUM_PATH`, when set (a local Chrome on macOS, for example);
 * 2. Debian's chromium at /usr/bin/chromium, when installed;
 * 3. the Chromium that ships inside the `@sparticuz/chromium` package (Linux), unpacked on first use into this
 *    clone's node_modules/.cache (the package unpacks into the temp folder, where another user's copy would be
 *    unreadable), so `npm ci && npm test` needs no apt and no root.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

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
  // Browser test files run in parallel processes: on a fresh clone one would launch the binary while another is
  // still writing it (ETXTBSY). One unpacks at a time; the others then find it whole.
  const release = await lockDirectory(`${cache}.lock`);
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    release();
  }
}

/** A lock between processes: a directory only one can create. A lock older than two minutes was abandoned. */
async function lockDirectory(path: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch {
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(path, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Launches the test browser with the project's flags (not the package's Lambda flags: they assume /tmp only). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await browserExecutable(), args: HEADLESS_FLAGS });
}

/** Signs in as Cognito's hosted UI is used in AWS: the console leaves for the sign-in page and comes back. */
export async function signIn(page: Page, email: string) {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/local/oauth2/authorize');
  expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
  await expectAccessible(page);
  await page.getByLabel('Development user').selectOption(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();
  // The one-time code has left the address bar; the token never entered it.
  expect(page.url()).not.toMatch(/code=|state=|token/);
}

/** axe-core finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

/** WCAG 1.4.10 reflow: at 320 CSS pixels (a phone, or 400% zoom) the page does not scroll sideways. */
export async function expectReflow(page: Page) {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: 320, height: 640 });
  // Charts resize on the next frames (ResizeObserver): let the page settle before measuring.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.setViewportSize(size);
}

/** The README shows these, taken by the browser tests when asked (`npm run screenshots`), so a plain test run changes no file. */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const TAKE_SCREENSHOTS = process.env.LIAISON_SCREENSHOTS === '1';
export async function snapshot(page: Page, name: string, fullPage = false) {
  if (TAKE_SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, name), fullPage });
}
