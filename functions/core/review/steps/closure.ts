/** "Wait for closure" completed: a coordinator records the outcome and root cause, and whether to send a survey. */
import * as z from 'zod';
import { type CaseRecord, CLOSURE_OUTCOMES, caseTypeOf, closeCase } from '../../case/case';
import type { AuditDraft } from '../../case/change-case';
import { applyCoding, CodingInput, codingGaps } from '../../coding/case-coding';
import { activeCode, readCodeLists } from '../../coding/code-lists';
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
      /** A root cause code from the code lists (coding/code-lists.ts). */
      rootCause: requiredText('The root cause', 60),
      survey: z.boolean().default(false),
      /** Coding still missing, or corrected: a formal complaint closes only when coded (coding/case-coding.ts). */
      coding: CodingInput.optional(),
    }),
  ],
  { error: 'The only choice here is close.' },
);

export async function decideClosure(
  deps: Deps<'settings' | 'documents'>,
  record: CaseRecord,
  decision: z.output<typeof ClosureDecision>,
  { actor, now }: DecisionContext,
): Promise<StepResult> {
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
  const lists = await readCodeLists(deps);
  if (!activeCode(lists.rootCauses, decision.rootCause)) {
    throw new RuleViolationError('Choose a root cause from the code lists.', [
      { field: 'rootCause', message: `"${decision.rootCause}" is not a root cause on the code lists.` },
    ]);
  }
  const audit: AuditDraft[] = [];
  if (decision.coding) {
    const coded = applyCoding(record, decision.coding, lists, { actor, now, prefix: 'coding.' });
    record.coding = coded.coding;
    audit.push(coded.audit);
  }
  // What the KO41a return and the reports count (issue 15 §3): a formal complaint is coded before it closes; one
  // resolved at first contact (verbal, settled by staff present) is not a case the return counts.
  const gaps = record.triage?.resolvedAtFirstContact ? [] : codingGaps(record.coding);
  if (gaps.length > 0) throw new RuleViolationError('Code the case before closing it.', gaps);
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
    audit: [
      ...audit,
      {
        type: 'case.closed',
        actor: actor.userId,
        detail: { outcome: decision.result, rootCause: decision.rootCause },
      },
    ],
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
