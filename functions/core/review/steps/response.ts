/** "Wait for the response draft" completed: the representative drafts the written response for approval. */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import { isoDate, requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const ResponseDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('draft'),
      body: requiredText('The response letter', 20_000),
      contactPerson: z.strictObject({
        name: requiredText("The contact person's name", 200),
        contact: requiredText('How to reach the contact person', 200),
      }),
      completionDate: isoDate,
    }),
  ],
  { error: 'The only choice here is draft.' },
);

export function decideResponse(
  record: CaseRecord,
  decision: z.output<typeof ResponseDecision>,
  { actor, now }: DecisionContext,
): StepResult {
  record.draft = {
    body: decision.body,
    contactPerson: decision.contactPerson,
    completionDate: decision.completionDate,
    draftedBy: actor.userId,
    draftedAt: now.toISOString(),
  };
  // A new draft needs a new approval.
  record.approval = undefined;
  return { record, outcome: { outcome: 'drafted' }, audit: [] };
}
