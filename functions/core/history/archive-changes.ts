/**
 * The append-only change history (HIPAA 45 CFR 164.312(b) audit controls, kept six years under 164.316(b)(2)(i)).
 * Every write to the table arrives here as a change with the item before and after it; each is kept once, as its
 * own object, in storage that cannot rewrite or delete it before six years have passed (S3 Object Lock in
 * compliance mode, infra/stateful-stack.ts). The case item is overwritten in place by design; this is where its
 * earlier drafts and triage values stay.
 */
import type { Deps } from '../dependencies';

export type ChangeKind = 'insert' | 'modify' | 'remove' | 'expire';

/** One write to the table, as its change stream reports it. */
export interface TableChange {
  /** The stream's id for the change: the same change delivered twice has the same id. */
  id: string;
  /** When the write happened (the stream's approximate creation time). */
  at: string;
  kind: ChangeKind;
  /** The item's key (pk, sk). Keys can hold PHI (an auto-reply window is keyed by address): never logged. */
  keys: Record<string, unknown>;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** A change as archived: the change and, to find it by case, the case it belongs to. */
export interface ArchivedChange extends TableChange {
  caseId?: string;
}

export interface ArchiveOutcome {
  kept: number;
  /** Ids of the first change that could not be kept and every one after it: the stream retries them in order. */
  failed: string[];
}

/**
 * Keeps each change in order. A change already kept (a redelivery) counts as kept. The first failure stops the
 * batch, so the stream redelivers from it and nothing is archived out of order or skipped.
 */
export async function archiveChanges(
  deps: Deps<'history'>,
  changes: readonly TableChange[],
): Promise<ArchiveOutcome> {
  let kept = 0;
  for (const [index, change] of changes.entries()) {
    try {
      await deps.history.keep({ ...change, caseId: caseIdOf(change) });
      kept += 1;
    } catch {
      return { kept, failed: changes.slice(index).map((failed) => failed.id) };
    }
  }
  return { kept, failed: [] };
}

function caseIdOf(change: TableChange): string | undefined {
  const item = change.after ?? change.before;
  const caseId = item?.caseId;
  return typeof caseId === 'string' ? caseId : undefined;
}
