/**
 * "Wait for the complainant" completed by staff (the complainant answered by phone, say): the response clock
 * resumes. A reply by email or on the status page ends the same wait by itself (correspondence/complainant-wrote).
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import { resumeClock } from '../../sla/resume-clock';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const AwaitingComplainantDecision = z.discriminatedUnion(
  'outcome',
  [z.strictObject({ outcome: z.literal('resume'), note: requiredText('A note', 4000).optional() })],
  { error: 'The only choice here is resume.' },
);

export function decideAwaitingComplainant(
  record: CaseRecord,
  _decision: z.output<typeof AwaitingComplainantDecision>,
  { actor, now }: DecisionContext,
): StepResult {
  const audit = resumeClock(record, now, actor.userId, 'staff');
  return { record, outcome: { outcome: 'resume' }, audit: [audit] };
}
