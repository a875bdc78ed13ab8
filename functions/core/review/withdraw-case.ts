/**
 * A coordinator withdraws a case at any step (POST /api/cases/{id}/withdraw): the case closes as withdrawn, its
 * open task closes, and the waiting step fails with Liaison.CaseWithdrawn, which every wait in the ASL catches.
 */
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import { closeCase, isClosed } from '../case/case';
import { changeCase, currentTaskOf } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError } from '../errors';
import { requiredText } from '../validation';
import { CASE_WITHDRAWN_ERROR } from './wait-for-step';

export const WithdrawRequest = z.strictObject({ reason: requiredText('The reason', 2000) });

export async function withdrawCase(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'workflow' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; reason: string },
): Promise<void> {
  requireRole(input.actor, ['coordinator', 'manager'], 'withdraw a case');
  const open = await changeCase(deps, input.caseId, async (record, now) => {
    if (isClosed(record)) throw new ConflictError('The case is already closed.');
    if (record.responseSending && !record.response) {
      throw new ConflictError('The approved response is being sent. Withdraw the case once it has gone.');
    }
    const task = await currentTaskOf(deps.cases, record);
    closeCase(record, {
      outcome: 'withdrawn',
      reason: input.reason,
      closedBy: input.actor.userId,
      closedAt: now.toISOString(),
    });
    const closedTask = task && task.status === 'open' ? { ...task, status: 'closed' as const } : undefined;
    return {
      record,
      tasks: closedTask ? [closedTask] : [],
      audit: [{ type: 'case.withdrawn', actor: input.actor.userId }],
      result: closedTask,
    };
  });
  // If the token is stale the next arm sees the withdrawal and ends the execution itself.
  if (open) await deps.workflow.failStep(open.taskToken, CASE_WITHDRAWN_ERROR, 'Withdrawn by a coordinator.');
}
