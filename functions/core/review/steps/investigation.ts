/** "Wait for investigation" completed: the representative records findings, or asks the complainant for more. */
import * as z from 'zod';
import type { CaseRecord } from '../../case/case';
import { assertNoOpenReferrals } from '../../correspondence/referrals';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const InvestigationDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('findings'),
      stepsTaken: requiredText('The steps taken to investigate', 10_000),
      findings: requiredText('The findings', 10_000),
      /** With referrals still open: why the findings cannot wait (coordinators and managers). */
      referralsOverride: requiredText('The reason', 2000).optional(),
    }),
    z.strictObject({
      outcome: z.literal('request-information'),
      message: requiredText('The message to the complainant', 10_000),
    }),
  ],
  { error: 'Choose findings or request-information.' },
);

export function decideInvestigation(
  record: CaseRecord,
  decision: z.output<typeof InvestigationDecision>,
  { actor, now }: DecisionContext,
): StepResult {
  const at = now.toISOString();
  if (decision.outcome === 'findings') {
    assertNoOpenReferrals(record, { actor, reason: decision.referralsOverride });
    record.investigation = {
      stepsTaken: decision.stepsTaken,
      findings: decision.findings,
      recordedBy: actor.userId,
      recordedAt: at,
      ...(decision.referralsOverride ? { referralsOverride: decision.referralsOverride } : {}),
    };
    const overridden = (record.referrals ?? []).filter((referral) => referral.status === 'open').length;
    return {
      record,
      outcome: { outcome: 'findings' },
      // The reason is on the case (staff's words); the audit records that open referrals were overridden.
      audit:
        overridden > 0
          ? [{ type: 'referrals.overridden', actor: actor.userId, detail: { open: overridden } }]
          : [],
    };
  }
  // The workflow sends the message ("Ask the complainant") and then waits with the response clock paused.
  record.informationRequest = { requestedAt: at, requestedBy: actor.userId, message: decision.message };
  return { record, outcome: { outcome: 'request-information' }, audit: [] };
}
