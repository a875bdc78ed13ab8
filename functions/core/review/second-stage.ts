/**
 * After the organization's answer (issue 14 §5): a complainant who is not satisfied may take the case further,
 * in England to the Parliamentary and Health Service Ombudsman, in the US to the State survey agency or the QIO, or
 * for a Medicare Advantage enrollee to independent review (the case's policy lists which, citing the rule). Staff
 * record each such referral as they learn of it, with its dates, and its outcome when it comes; closed cases
 * included. Counted by month for the annual report (SI 2009/309 reg 18(1)(c): complaints referred to the Ombudsman).
 */
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import type { SecondStage } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { NotFoundError, RuleViolationError } from '../errors';
import { monthOf } from '../reporting/statistics';
import { policyOf } from '../sla/case-clock';
import { isoDate, requiredText } from '../validation';

export const SECOND_STAGE_OUTCOMES = [
  'pending',
  'upheld',
  'partly-upheld',
  'not-upheld',
  'not-investigated',
  'withdrawn',
] as const;

export const SecondStageRequest = z.strictObject({
  body: requiredText('Where the case went', 60),
  referredOn: isoDate,
  theirReference: requiredText('Their reference', 100).optional(),
  note: requiredText('The note', 2000).optional(),
});
export type SecondStageRequest = z.infer<typeof SecondStageRequest>;

export const SecondStageOutcomeRequest = z.strictObject({
  outcome: z.enum(SECOND_STAGE_OUTCOMES, { error: `Choose one of: ${SECOND_STAGE_OUTCOMES.join(', ')}.` }),
  decidedOn: isoDate.optional(),
  note: requiredText('The note', 2000).optional(),
});
export type SecondStageOutcomeRequest = z.infer<typeof SecondStageOutcomeRequest>;

type SecondStageDeps = Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids' | 'settings'>;

export async function recordSecondStage(
  deps: SecondStageDeps,
  input: { actor: Actor; caseId: string; request: SecondStageRequest },
): Promise<{ secondStage: SecondStage }> {
  const { actor, request } = input;
  requireRole(actor, ['coordinator', 'manager'], 'record where a case went after our answer');
  const secondStageId = deps.ids.newId();
  return changeCase<{ secondStage: SecondStage }>(deps, input.caseId, async (record, now) => {
    const allowed = policyOf(record).secondStage;
    if (!allowed.some((body) => body.id === request.body)) {
      throw new RuleViolationError(
        `Under the ${policyOf(record).name} rules a case goes on to: ${allowed.map((body) => body.name).join('; ')}.`,
        [{ field: 'body', message: `Choose one of: ${allowed.map((body) => body.id).join(', ')}.` }],
      );
    }
    // The same referral again (a retried request): the one recorded.
    const recorded = record.secondStages?.find(
      (earlier) => earlier.body === request.body && earlier.referredOn === request.referredOn,
    );
    if (recorded) return { unchanged: { secondStage: recorded } };
    const secondStage: SecondStage = {
      secondStageId,
      body: request.body,
      referredOn: request.referredOn,
      ...(request.theirReference ? { theirReference: request.theirReference } : {}),
      ...(request.note ? { note: request.note } : {}),
      outcome: 'pending',
      recordedBy: actor.userId,
      recordedAt: now.toISOString(),
    };
    record.secondStages = [...(record.secondStages ?? []), secondStage];
    return {
      record,
      audit: [
        {
          type: 'second-stage.referred',
          actor: actor.userId,
          detail: { body: request.body, referredOn: request.referredOn },
        },
      ],
      counters: [
        { period: monthOf(now, deps.settings.timeZone), increments: { [`secondStage:${request.body}`]: 1 } },
      ],
      result: { secondStage },
    };
  });
}

export async function recordSecondStageOutcome(
  deps: SecondStageDeps,
  input: { actor: Actor; caseId: string; secondStageId: string; request: SecondStageOutcomeRequest },
): Promise<{ secondStage: SecondStage }> {
  const { actor, request } = input;
  requireRole(actor, ['coordinator', 'manager'], 'record the outcome of a second-stage referral');
  return changeCase<{ secondStage: SecondStage }>(deps, input.caseId, async (record, now) => {
    const secondStage = record.secondStages?.find((stage) => stage.secondStageId === input.secondStageId);
    if (!secondStage) throw new NotFoundError('No such second-stage referral on this case.');
    if (request.outcome !== 'pending' && !request.decidedOn) {
      throw new RuleViolationError('Give the date of the decision.', [
        { field: 'decidedOn', message: 'When did they decide?' },
      ]);
    }
    if (secondStage.outcome === request.outcome && secondStage.decidedOn === request.decidedOn) {
      return { unchanged: { secondStage } };
    }
    const first = secondStage.outcome === 'pending' && request.outcome !== 'pending';
    secondStage.outcome = request.outcome;
    if (request.decidedOn) secondStage.decidedOn = request.decidedOn;
    if (request.note) secondStage.note = request.note;
    return {
      record,
      audit: [
        {
          type: 'second-stage.decided',
          actor: actor.userId,
          detail: { body: secondStage.body, outcome: request.outcome },
        },
      ],
      counters: first
        ? [
            {
              period: monthOf(now, deps.settings.timeZone),
              increments: { [`secondStageOutcome:${request.outcome}`]: 1 },
            },
          ]
        : [],
      result: { secondStage },
    };
  });
}
