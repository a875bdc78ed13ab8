/**
 * Extending the response deadline (POST /api/cases/{id}/extension), within the policy's count and length, with
 * written reasons sent to the complainant (42 CFR 422.564(e)(2) for Medicare Advantage; the policy cites its rule).
 */
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import { type CaseRecord, type HumanTask, isClosed } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import { ConflictError, RuleViolationError } from '../errors';
import { extensionNotice } from '../letters/notifications';
import { sentMailKey } from '../letters/send-once';
import type { LetterDeps } from '../letters/send-to-complainant';
import { sendToComplainant } from '../letters/send-to-complainant';
import { templateFor } from '../letters/templates';
import { clockOf, policyOf } from '../sla/case-clock';
import type { SlaPolicy } from '../sla/sla-policies';
import { requiredText } from '../validation';
import { trackOf } from './tracks';

export const ExtensionRequest = z.strictObject({
  reason: requiredText('The reason the complainant will be given', 2000),
  days: z.number({ error: 'Give the number of days.' }).int().min(1).max(366),
});
export type ExtensionRequestBody = z.output<typeof ExtensionRequest>;

const RACED = new ConflictError(
  'The case was extended by someone else at the same time. Reload it and check.',
);

export async function requestExtension(
  deps: LetterDeps,
  input: { actor: Actor; caseId: string; request: ExtensionRequestBody },
): Promise<{ respondBy: string }> {
  const record = await loadCase(deps.cases, input.caseId);
  const isAssignee = record.assignee?.userId === input.actor.userId;
  if (!isAssignee) requireRole(input.actor, ['coordinator', 'manager'], 'extend this case');
  const policy = policyOf(record);
  const clock = clockOf(record, deps.settings);
  const respond = record.deadlines.respond;
  if (isClosed(record) || !respond || record.response) {
    throw new ConflictError('Only an open case whose response has not been sent can be extended.');
  }
  const rule = extensionRuleOf(record, policy);
  const earlier = record.extensions?.length ?? 0;
  if (earlier >= rule.maxCount) {
    throw new RuleViolationError(`The ${policy.name} policy allows ${rule.maxCount} extension(s).`, [
      {
        field: 'days',
        message: `No more extensions are allowed (${rule.maxDuration.source}).`,
      },
    ]);
  }
  const previousDue = new Date(respond.dueAt);
  const newDue = clock.add(previousDue, { amount: input.request.days, unit: 'calendarDays' });
  const latestAllowed = clock.add(previousDue, rule.maxDuration);
  if (newDue.getTime() > latestAllowed.getTime()) {
    throw new RuleViolationError('The extension is longer than the policy allows.', [
      {
        field: 'days',
        message: `At most ${rule.maxDuration.amount} ${rule.maxDuration.unit} (${rule.maxDuration.source}).`,
      },
    ]);
  }
  const email = extensionNotice(
    record,
    input.request.reason,
    newDue.toISOString(),
    deps.settings,
    await templateFor(deps, record, 'extension-notice'),
  );
  // The notice is keyed by the extension's ordinal: of two requests racing for the same extension, one sends
  // and records it and the other gets 409, so the policy's count holds and the complainant gets one notice.
  const { repeated, sameEmail, ...item } = await sendToComplainant(deps, record, email, {
    kind: 'extension-notice',
    automatic: false,
    purposeKey: sentMailKey.extension(record.caseId, earlier + 1),
  });
  if (repeated && !sameEmail) throw RACED;
  await changeCase(deps, input.caseId, async (latest, now) => {
    if ((latest.extensions?.length ?? 0) !== earlier) {
      // Recorded already: by this same request's earlier attempt (nothing to do), or by a racing one.
      if (repeated) return { unchanged: undefined };
      throw RACED;
    }
    const due = { dueAt: newDue.toISOString(), source: rule.maxDuration.source };
    const moved = latest.currentTask?.dueAt === latest.deadlines.respond?.dueAt;
    latest.extensions = [
      ...(latest.extensions ?? []),
      {
        at: now.toISOString(),
        by: input.actor.userId,
        reason: input.request.reason,
        previousDueAt: previousDue.toISOString(),
        newDueAt: due.dueAt,
      },
    ];
    latest.deadlines = { ...latest.deadlines, respond: due };
    if (latest.deadlines.resolve && Date.parse(latest.deadlines.resolve.dueAt) < newDue.getTime()) {
      latest.deadlines.resolve = due;
    }
    const tasks: HumanTask[] = [];
    if (moved && latest.currentTask) {
      latest.currentTask = { ...latest.currentTask, dueAt: due.dueAt };
      const task = await deps.cases.getTask(latest.caseId, latest.currentTask.taskId);
      if (task) tasks.push({ ...task, dueAt: due.dueAt, dueSource: due.source });
    }
    return {
      record: latest,
      tasks,
      correspondence: [item],
      audit: [{ type: 'deadlines.extended', actor: input.actor.userId, detail: { respondBy: due.dueAt } }],
      result: undefined,
    };
  });
  return { respondBy: newDue.toISOString() };
}

/**
 * The extension rule a case follows: the formal review's, or an information request's (HIPAA 164.524(b)(2)(iii);
 * UK GDPR Art. 12(3)). The other tracks answer on short clocks of the hospital's own, with no extension.
 */
function extensionRuleOf(record: CaseRecord, policy: SlaPolicy): SlaPolicy['extension'] {
  const track = trackOf(record);
  if (!track || track === 'formal') return policy.extension;
  if (track === 'request') return policy.requestExtension;
  throw new RuleViolationError('Only a complaint, a grievance or an information request can be extended.', [
    { field: 'days', message: 'This kind of case has no extension: finish it, or send it back to triage.' },
  ]);
}
