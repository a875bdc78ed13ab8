/**
 * "Wait for the property's return": found property went back to its owner, or was disposed of after the
 * holding period (the policy's `tracks['property-held']`). Either ends the track and joins the property log.
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import type { Deps } from '../../dependencies';
import { requiredText } from '../../validation';
import { propertyOf } from './property-search';
import type { DecisionContext, StepResult } from './step-result';
import { finishTrack } from './track-step';

export const PropertyHeldDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('returned'),
      summary: requiredText('Returned to whom, and how (collected, posted ...)', 2000),
    }),
    z.strictObject({
      outcome: z.literal('disposed'),
      summary: requiredText('How it was disposed of, and why', 2000),
    }),
  ],
  { error: 'Choose returned or disposed.' },
);

export function decidePropertyHeld(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof PropertyHeldDecision>,
  context: DecisionContext,
): StepResult {
  const property = propertyOf(record);
  property.status = decision.outcome;
  property.log.push({
    at: context.now.toISOString(),
    by: context.actor.userId,
    event: decision.outcome,
    note: decision.summary,
  });
  return finishTrack(
    deps,
    record,
    { step: 'property-held', result: decision.outcome, summary: decision.summary },
    context,
  );
}
