/**
 * "Wait for approval" completed: someone other than the author approves the draft, or returns it with comments.
 * A grievance's response must contain the four elements of 42 CFR 482.13(a)(2)(iii) (CMS tag A-0123).
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../errors';
import { checkResponse } from '../../letters/response-letter';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const ApprovalDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({ outcome: z.literal('approve') }),
    z.strictObject({
      outcome: z.literal('return'),
      comments: requiredText('Comments for the representative', 4000),
    }),
  ],
  { error: 'Choose approve or return.' },
);

export function decideApproval(
  record: CaseRecord,
  decision: z.output<typeof ApprovalDecision>,
  { actor, now }: DecisionContext,
): StepResult {
  const at = now.toISOString();
  if (decision.outcome === 'return') {
    record.returns = [...(record.returns ?? []), { by: actor.userId, at, comments: decision.comments }];
    record.approval = undefined;
    return { record, outcome: { outcome: 'returned' }, audit: [] };
  }
  if (!record.draft) throw new ConflictError('There is no draft response to approve.');
  if (record.draft.draftedBy === actor.userId) {
    throw new ForbiddenError('Someone other than the author of the response must approve it.');
  }
  const check = checkResponse(record, record.draft);
  if (check && check.missing.length > 0) throw new RuleViolationError(check.rule, check.missing);
  record.approval = { approvedBy: actor.userId, approvedAt: at };
  record.stage = 'sending';
  return { record, outcome: { outcome: 'approved' }, audit: [] };
}
