/**
 * "Wait for passing it on": a compliment's thanks reach the staff or ward named, a suggestion reaches the team
 * that can act on it. Compliments are counted by who was thanked (the dashboard's breakdown).
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import type { Deps } from '../../dependencies';
import { monthOf } from '../../reporting/statistics';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';
import { finishTrack, Retrack, reply, retrack } from './track-step';

export const PassOnDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('passed-on'),
      passedTo: requiredText('Who it was passed to (staff, ward or team)', 200),
      summary: requiredText('How it was passed on', 2000),
      reply,
    }),
    Retrack,
  ],
  { error: 'Choose passed-on or retrack.' },
);

export function decidePassOn(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof PassOnDecision>,
  context: DecisionContext,
): StepResult {
  if (decision.outcome === 'retrack') return retrack(deps, record, 'pass-on', decision.reason, context);
  const { passedTo, summary } = decision;
  const result = finishTrack(
    deps,
    record,
    { step: 'pass-on', result: 'passed-on', summary, passedTo, reply: decision.reply },
    context,
  );
  if (record.triage?.type !== 'compliment') return result;
  const period = monthOf(context.now, deps.settings.timeZone);
  return {
    ...result,
    counters: [...(result.counters ?? []), { period, dimension: 'thanked', label: passedTo }],
  };
}
