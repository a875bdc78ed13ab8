/**
 * What the local stack's two build caches share (the synthesized templates, assembly.ts; the function bundles,
 * lambda-runtime.ts): a file's stamp, writes that other stacks starting at the same moment never see half done, and
 * the pruning of what no stack uses any more.
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file's size and modification time: an input is unchanged while its stamp is. */
export function fileStamp(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/** Written beside its place and renamed into it, so a concurrent reader sees the old file or the new, whole. */
export function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** Removes the entries of `dir` older than `maxAgeMs` (by modification time), except `keep`. */
export function pruneOlderThan(dir: string, maxAgeMs: number, keep: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === keep) continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > maxAgeMs) rmSync(path, { recursive: true, force: true });
  }
}
