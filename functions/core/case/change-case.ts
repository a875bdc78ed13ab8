/**
 * The one way the case aggregate changes: read it, compute the change, save it conditionally on the version
 * read (with its tasks, audit events and correspondence in the same transaction); on a lost race read again.
 */

import { NO_SUCH_CASE } from '../access/roles';
import type { Deps } from '../dependencies';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';
import type { CaseStore } from '../ports';
import type { Tally } from '../reporting/statistics';
import type { AuditEvent, CaseRecord, CorrespondenceItem, HumanTask } from './case';

/** An audit event as a change describes it; the save adds the case, the time and an id. */
export type AuditDraft = Omit<AuditEvent, 'caseId' | 'at' | 'eventId'>;

export interface CaseChangeOf<T> {
  record: CaseRecord;
  audit?: AuditDraft[];
  tasks?: HumanTask[];
  correspondence?: CorrespondenceItem[];
  /** Items already on the case, changed (a letter marked posted). */
  changedCorrespondence?: CorrespondenceItem[];
  /** Dashboard counters the change moves, added once the change is saved (recordTallies). */
  counters?: Tally[];
  result: T;
}

export async function loadCase(cases: Pick<CaseStore, 'getCase'>, caseId: string): Promise<CaseRecord> {
  const record = await cases.getCase(caseId);
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  return record;
}

/** The task the case is waiting on, if any. */
export async function currentTaskOf(
  cases: Pick<CaseStore, 'getTask'>,
  record: CaseRecord,
): Promise<HumanTask | undefined> {
  return record.currentTask ? cases.getTask(record.caseId, record.currentTask.taskId) : undefined;
}

/**
 * Adds dashboard counters after the write they count. Never throws: a counter must not fail, or repeat, the
 * business write (which is saved by now); a lost count is reported for operations.
 */
export async function recordTallies(deps: Deps<'statistics' | 'observe'>, tallies: Tally[] | undefined) {
  if (!tallies?.length) return;
  try {
    await deps.statistics.add(tallies);
  } catch (error) {
    deps.observe.talliesNotRecorded(error);
  }
}

/** Read, change, save conditionally; on a lost race read again (a few times), then give up with 409. */
export async function changeCase<T>(
  deps: Deps<'cases' | 'clock' | 'ids' | 'statistics' | 'observe'>,
  caseId: string,
  change: (record: CaseRecord, now: Date) => Promise<CaseChangeOf<T> | { unchanged: T }>,
): Promise<T> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const current = await loadCase(deps.cases, caseId);
    const now = deps.clock.now();
    const outcome = await change(structuredClone(current), now);
    if ('unchanged' in outcome) return outcome.unchanged;
    const at = now.toISOString();
    try {
      await deps.cases.saveCase({
        record: { ...outcome.record, version: current.version + 1 },
        expectedVersion: current.version,
        audit: (outcome.audit ?? []).map((event) => ({ ...event, caseId, at, eventId: deps.ids.newId() })),
        tasks: outcome.tasks,
        correspondence: outcome.correspondence,
        changedCorrespondence: outcome.changedCorrespondence,
      });
      await recordTallies(deps, outcome.counters);
      return outcome.result;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new ConflictError('The case was changed by someone else at the same time. Reload it and try again.');
}
