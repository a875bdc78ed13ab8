/**
 * "Wait for the request": the records office answered an information request, a request for one's own records
 * included (HIPAA 45 CFR 164.524; UK GDPR Art. 15). Access refused in whole or in part is told in writing, in
 * plain language, with the basis and the right to have it reviewed and to complain (164.524(d)(2)), so those
 * answers need the reply.
 */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import type { Deps } from '../../dependencies';
import { RuleViolationError } from '../../errors';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';
import { finishTrack, Retrack, reply, retrack } from './track-step';

const REQUEST_RESULTS = ['provided', 'partly-provided', 'access-denied'] as const;

export const RequestDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('answered'),
      result: z.enum(REQUEST_RESULTS, { error: `Choose one of: ${REQUEST_RESULTS.join(', ')}.` }),
      summary: requiredText('What was provided, or why not', 4000),
      reply,
    }),
    Retrack,
  ],
  { error: 'Choose answered or retrack.' },
);

export function decideRequest(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof RequestDecision>,
  context: DecisionContext,
): StepResult {
  if (decision.outcome === 'retrack') return retrack(deps, record, 'request', decision.reason, context);
  if (decision.result !== 'provided' && !decision.reply) {
    throw new RuleViolationError('A refusal of access is given in writing (45 CFR 164.524(d)(2)).', [
      {
        field: 'reply',
        message:
          'Write to the person: what is refused and why, their right to have the refusal reviewed, and how to complain.',
      },
    ]);
  }
  return finishTrack(
    deps,
    record,
    { step: 'request', result: decision.result, summary: decision.summary, reply: decision.reply },
    context,
  );
}
