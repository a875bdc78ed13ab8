/** "Wait for closure" completed: a coordinator records the outcome and root cause, and whether to send a survey. */
import * as z from 'zod';
import { type CaseRecord, CLOSURE_OUTCOMES, caseTypeOf, closeCase } from '../../case/case';
import type { Deps } from '../../dependencies';
import { RuleViolationError } from '../../errors';
import { monthOf, slaCounters } from '../../reporting/statistics';
import { clockOf, policyOf } from '../../sla/case-clock';
import { MAX_WAIT_SECONDS } from '../../sla/clock-events';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const ClosureDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('close'),
      result: z.enum(CLOSURE_OUTCOMES, { error: `Choose one of: ${CLOSURE_OUTCOMES.join(', ')}.` }),
      rootCause: requiredText('The root cause', 500),
      survey: z.boolean().default(false),
    }),
  ],
  { error: 'The only choice here is close.' },
);

export function decideClosure(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof ClosureDecision>,
  { actor, now }: DecisionContext,
): StepResult {
  const { timeZone } = deps.settings;
  // Checked here, not only by the workflow's path: no grievance closes without its written response having gone
  // (42 CFR 482.13(a)(2)(iii)), by email, or by post once the letter is marked posted (letters/letters-to-post.ts).
  if (caseTypeOf(record) === 'grievance' && !record.response) {
    throw new RuleViolationError(
      'A grievance closes only after its written response has been sent (42 CFR 482.13(a)(2)(iii)).',
      [{ field: 'outcome', message: 'Send the approved written response first.' }],
    );
  }
  if (
    caseTypeOf(record) === 'grievance' &&
    record.response?.channel === 'letter' &&
    !record.response.postedOn
  ) {
    throw new RuleViolationError(
      'A grievance closes only after its written response has been posted (42 CFR 482.13(a)(2)(iii)).',
      [{ field: 'outcome', message: 'Mark the response letter posted (Letters to post) first.' }],
    );
  }
  closeCase(record, {
    outcome: decision.result,
    rootCause: decision.rootCause,
    closedBy: actor.userId,
    closedAt: now.toISOString(),
  });
  const survey = decision.survey
    ? { survey: true, surveyDelaySeconds: surveyDelaySeconds(record, now, deps.settings) }
    : { survey: false };
  return {
    record,
    outcome: { outcome: 'closed', ...survey },
    audit: [{ type: 'case.closed', actor: actor.userId, detail: { outcome: decision.result } }],
    counters: [
      ...slaCounters('resolve', record, now, timeZone),
      { period: monthOf(now, timeZone), increments: { [`outcome:${decision.result}`]: 1 } },
    ],
  };
}

/** "Wait before the survey": the policy's delay, within one wait of the state machine. */
function surveyDelaySeconds(record: CaseRecord, now: Date, settings: { timeZone: string }): number {
  const at = clockOf(record, settings).add(now, policyOf(record).surveyAfter);
  return Math.min(Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)), MAX_WAIT_SECONDS);
}
