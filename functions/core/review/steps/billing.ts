/**
 * "Wait for billing": the billing office or the payer answered a billing or insurance question. A Medicare
 * beneficiary's billing complaint about rights under 42 CFR 489 is a grievance: triage keeps it off this track,
 * and one found here goes back to triage.
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import type { Deps } from '../../dependencies';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';
import { finishTrack, Retrack, reply, retrack } from './track-step';

export const BillingDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('resolved'),
      passedTo: requiredText('Who answered (the billing office, the insurer ...)', 200),
      summary: requiredText('What was done', 4000),
      reply,
    }),
    Retrack,
  ],
  { error: 'Choose resolved or retrack.' },
);

export function decideBilling(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof BillingDecision>,
  context: DecisionContext,
): StepResult {
  if (decision.outcome === 'retrack') return retrack(deps, record, 'billing', decision.reason, context);
  const { summary, passedTo } = decision;
  return finishTrack(
    deps,
    record,
    { step: 'billing', result: 'resolved', summary, passedTo, reply: decision.reply },
    context,
  );
}
