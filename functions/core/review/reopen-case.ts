/**
 * A coordinator reopens a closed or withdrawn case (POST /api/cases/{id}/reopen): new deadlines from now, and a
 * new execution (`case-<caseId>-reopen-<n>`) that starts at triage, keeping the case's history. The previous
 * execution is stopped if it still runs (waiting to send the survey, say); what it might still do is refused
 * anyway, since the case now names the new execution (send-correspondence.ts).
 */
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import { executionNameFor, isClosed } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError } from '../errors';
import { policyOf, timeZoneOf } from '../sla/case-clock';
import { computeDeadlines } from '../sla/sla-policies';
import { requiredText } from '../validation';

export const ReopenRequest = z.strictObject({ reason: requiredText('The reason', 2000) });

export async function reopenCase(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  input: { actor: Actor; caseId: string; reason: string },
): Promise<{ executionName: string }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'reopen a case');
  let previousExecution = '';
  const run = await changeCase(deps, input.caseId, async (record, now) => {
    if (!isClosed(record)) throw new ConflictError('Only a closed or withdrawn case can be reopened.');
    previousExecution = record.workflow.executionName;
    const nextRun = (record.workflow.run ?? 0) + 1;
    const deadlines = computeDeadlines(policyOf(record), now, timeZoneOf(record, deps.settings), {
      timeScale: record.timeScale ?? 1,
    });
    const previous = record.closure?.outcome ?? 'closed';
    record.stage = 'intake';
    record.closure = undefined;
    record.approval = undefined;
    record.response = undefined;
    record.responseSending = undefined;
    record.interimLetter = undefined;
    record.currentTask = undefined;
    record.deadlines = {
      ...record.deadlines,
      triage: deadlines.triage,
      respond: deadlines.respond,
      resolve: deadlines.resolve,
    };
    record.workflow = { executionName: executionNameFor(record.caseId, nextRun), run: nextRun };
    return {
      record,
      audit: [
        {
          type: 'case.reopened',
          actor: input.actor.userId,
          detail: { previousOutcome: previous, run: nextRun },
        },
      ],
      result: nextRun,
    };
  });
  await deps.workflow.stopReview(previousExecution, 'The case was reopened in a new review.');
  const executionName = executionNameFor(input.caseId, run);
  // Its first step records that it runs; until then the case is on the "awaiting workflow" index, like a new one.
  await deps.workflow.startCaseReview(input.caseId, executionName);
  return { executionName };
}
