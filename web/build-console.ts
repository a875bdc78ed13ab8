/**
 * Builds the console into .build/console and swaps it in whole: Vite writes a fresh folder beside it, then two
 * renames replace the old one. `npm start`, `npm run synth` and the tests all build it, sometimes at the same
 * time, and a page being served must never meet a half-emptied folder.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..');
export const CONSOLE_BUILD_DIR = join(ROOT, '.build', 'console');

export async function buildConsole(): Promise<void> {
  const fresh = join(ROOT, '.build', `console-${randomUUID()}`);
  const old = join(ROOT, '.build', `console-old-${randomUUID()}`);
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: fresh, emptyOutDir: true },
  });
  await rename(CONSOLE_BUILD_DIR, old).catch(() => undefined);
  await rename(fresh, CONSOLE_BUILD_DIR);
  await rm(old, { recursive: true, force: true });
}

if (process.argv[1] === import.meta.filename) await buildConsole();
