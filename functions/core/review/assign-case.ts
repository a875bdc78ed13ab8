/**
 * Assigning a case by name, at any step (issue 13 §3): the case and its open task move to the new assignee
 * together, the new assignee is told by email (the reference and a link, nothing of the case), and the change is
 * audited. Coordinators and managers assign; the assignee must be an active member of staff.
 */
import * as z from 'zod';
import { awayOn, hospitalToday } from '../access/cover';
import { type Actor, requireRole } from '../access/roles';
import { type CaseRecord, isClosed, type StaffRef, taskSummaryOf } from '../case/case';
import { changeCase, currentTaskOf } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import { assignedEmail } from '../letters/notifications';
import { sendOnce, sentMailKey } from '../letters/send-once';
import { requiredText } from '../validation';

export const AssignRequest = z.strictObject({ assigneeId: requiredText('The person to assign', 200) });

type AssignDependencies = Deps<
  'cases' | 'staff' | 'statistics' | 'observe' | 'clock' | 'ids' | 'mailer' | 'sentMail' | 'settings'
>;

export async function assignCase(
  deps: AssignDependencies,
  input: { actor: Actor; caseId: string; assigneeId: string },
): Promise<{ assignee: StaffRef; changed: boolean }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'assign a case');
  let assignee: StaffRef | undefined;
  // The changed record comes back with the outcome: the notice is built from it, without reading the case again.
  const outcome = await changeCase<{ changed: boolean; version: number; record?: CaseRecord }>(
    deps,
    input.caseId,
    async (record) => {
      if (isClosed(record)) throw new ConflictError('The case is closed; reopen it to assign it.');
      assignee = await assignable(deps, input.assigneeId);
      if (record.assignee?.userId === assignee.userId)
        return { unchanged: { changed: false, version: record.version } };
      const previous = record.assignee?.userId;
      record.assignee = assignee;
      // The open step moves with the case when it is the assignee's (a coordinators' queue step stays there).
      const task = await currentTaskOf(deps.cases, record);
      const moved =
        task && task.status === 'open'
          ? {
              ...task,
              ...(task.queue === 'representative' ? { assigneeId: assignee.userId } : {}),
              summary: taskSummaryOf(record),
            }
          : undefined;
      if (moved?.assigneeId && record.currentTask) {
        record.currentTask = { ...record.currentTask, assigneeId: moved.assigneeId };
      }
      return {
        record,
        tasks: moved ? [moved] : [],
        audit: [
          {
            type: 'case.assigned',
            actor: input.actor.userId,
            detail: { to: assignee.userId, ...(previous ? { from: previous } : {}) },
          },
        ],
        result: { changed: true, version: record.version, record },
      };
    },
  );
  const chosen = assignee as StaffRef;
  if (outcome.record) {
    await sendOnce(
      deps,
      sentMailKey.assignment(input.caseId, outcome.version),
      assignedEmail(outcome.record, chosen.email, deps.settings, input.actor.name),
    );
    // Assigned to someone away: their cover works it meanwhile (access/cover.ts), so the cover is told too.
    const away = awayOn((await deps.staff.get(chosen.userId)) ?? {}, hospitalToday(deps));
    const cover = away && (await deps.staff.get(away.coverId));
    if (cover) {
      await sendOnce(
        deps,
        sentMailKey.assignmentCover(input.caseId, outcome.version),
        assignedEmail(outcome.record, cover.email, deps.settings, input.actor.name, chosen.name),
      );
    }
  }
  return { assignee: chosen, changed: outcome.changed };
}

/** An active member of staff with a role, as the case's new assignee. */
async function assignable(deps: Deps<'staff'>, assigneeId: string): Promise<StaffRef> {
  const member = await deps.staff.get(assigneeId);
  if (!member || member.active === false || member.roles.length === 0) {
    throw new RuleViolationError('Choose a member of the patient relations team.', [
      { field: 'assigneeId', message: 'There is no such active member of staff.' },
    ]);
  }
  return { userId: member.userId, name: member.name, email: member.email };
}
