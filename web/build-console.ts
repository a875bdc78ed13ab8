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
  // Another build may swap its folder in between the two renames: move that one aside too, and try again.
  for (let attempt = 0; ; attempt += 1) {
    await rename(CONSOLE_BUILD_DIR, `${old}-${attempt}`).catch(() => undefined);
    try {
      await rename(fresh, CONSOLE_BUILD_DIR);
      break;
    } catch (error) {
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? ''))
        throw error;
    }
  }
  for (let attempt = 0; attempt <= 5; attempt += 1) {
    await rm(`${old}-${attempt}`, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) await buildConsole();
