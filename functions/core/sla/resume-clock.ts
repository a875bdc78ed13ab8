/**
 * The wait for the complainant ends (they answered, staff resumed it, or its limit passed): the response clock
 * resumes, and the time waited is added to the response and resolution deadlines.
 */
import type { CaseRecord, HumanTask } from '../case/case';
import { type AuditDraft, changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';

export type ResumeReason = 'reply' | 'staff' | 'information-limit';

/** Resumes the clock on the record and says so in the audit trail. */
export function resumeClock(record: CaseRecord, now: Date, actor: string, reason: ResumeReason): AuditDraft {
  const since = record.informationRequest?.requestedAt;
  if (since) {
    const pausedMs = Math.max(0, now.getTime() - Date.parse(since));
    record.pausedMs = (record.pausedMs ?? 0) + pausedMs;
    for (const name of ['respond', 'resolve'] as const) {
      const deadline = record.deadlines[name];
      if (deadline) {
        record.deadlines[name] = {
          dueAt: new Date(Date.parse(deadline.dueAt) + pausedMs).toISOString(),
          source: `${deadline.source.replace(/ \(paused .*\)$/, '')} (paused while waiting for the complainant)`,
        };
      }
    }
  }
  record.informationRequest = {
    ...(record.informationRequest as NonNullable<CaseRecord['informationRequest']>),
    resumedAt: now.toISOString(),
    resumedBy: actor,
  };
  return { type: 'clock.resumed', actor, detail: { reason, pausedMs: record.pausedMs ?? 0 } };
}

/**
 * Ends the wait without a person completing the step (the complainant wrote, or the wait's limit passed): the
 * open "awaiting-complainant" task is completed with the outcome `resume`, for the workflow to receive. Returns
 * the completed task, or undefined when the wait had already ended.
 */
export async function endWaitForComplainant(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  caseId: string,
  taskId: string,
  actor: string,
  reason: ResumeReason,
): Promise<HumanTask | undefined> {
  return changeCase<HumanTask | undefined>(deps, caseId, async (record, now) => {
    const task = await deps.cases.getTask(caseId, taskId);
    if (task?.status !== 'open' || task.step !== 'awaiting-complainant') return { unchanged: undefined };
    const audit = resumeClock(record, now, actor, reason);
    const completed: HumanTask = {
      ...task,
      status: 'completed',
      outcome: { outcome: 'resume' },
      completedBy: actor,
      completedAt: now.toISOString(),
    };
    return { record, tasks: [completed], audit: [audit], result: completed };
  });
}
