/**
 * After our answer (issue 14 §5): where the complainant took the case next, under the case's own rules, with the
 * dates and the outcome, counted for the annual report (SI 2009/309 reg 18(1)(c)).
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../functions/core/errors';
import { recordSecondStage, recordSecondStageOutcome } from '../../functions/core/review/second-stage';
import { caseAt, coordinator, desk, manager, representative } from './desk';

describe('a second-stage referral', () => {
  it('goes to the Ombudsman under the NHS rules, with its dates and outcome, counted', async () => {
    const deps = await desk({ slaPolicy: 'uk-nhs', timeZone: 'Europe/London' });
    const { caseId } = await caseAt(deps, 'investigation');
    const refer = (body: string) =>
      recordSecondStage(deps, {
        actor: coordinator,
        caseId,
        request: { body, referredOn: '2026-11-20', theirReference: 'PHSO-123' },
      });
    const wrong = await refer('state-survey-agency').catch((error) => error);
    expect(wrong).toBeInstanceOf(RuleViolationError);
    expect(wrong.message).toContain('The Parliamentary and Health Service Ombudsman');
    const { secondStage } = await refer('phso');
    expect(secondStage).toMatchObject({ body: 'phso', outcome: 'pending', theirReference: 'PHSO-123' });
    // The same referral again (a retried request): the one recorded, counted once.
    expect((await refer('phso')).secondStage.secondStageId).toBe(secondStage.secondStageId);
    const decide = (request: { outcome: 'upheld'; decidedOn?: string }) =>
      recordSecondStageOutcome(deps, {
        actor: manager,
        caseId,
        secondStageId: secondStage.secondStageId,
        request,
      });
    expect((await decide({ outcome: 'upheld' }).catch((error) => error)).errors[0].field).toBe('decidedOn');
    await decide({ outcome: 'upheld', decidedOn: '2027-02-01' });
    const record = await deps.cases.getCase(caseId);
    expect(record?.secondStages).toMatchObject([{ outcome: 'upheld', decidedOn: '2027-02-01' }]);
    const [month] = await deps.statistics.getStatistics(['month:2026-11']);
    expect(month?.counters).toMatchObject({ 'secondStage:phso': 1, 'secondStageOutcome:upheld': 1 });
    const missing = await recordSecondStageOutcome(deps, {
      actor: manager,
      caseId,
      secondStageId: 'nope',
      request: { outcome: 'withdrawn', decidedOn: '2027-01-01' },
    }).catch((error) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it('goes to the State survey agency or the QIO for a US hospital, recorded by coordinators and managers only', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const request = { body: 'qio', referredOn: '2026-11-03' };
    const refused = await recordSecondStage(deps, { actor: representative, caseId, request }).catch(
      (error) => error,
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    await expect(recordSecondStage(deps, { actor: coordinator, caseId, request })).resolves.toMatchObject({
      secondStage: { body: 'qio' },
    });
    const phso = await recordSecondStage(deps, {
      actor: coordinator,
      caseId,
      request: { body: 'phso', referredOn: '2026-11-03' },
    }).catch((error) => error);
    expect(phso).toBeInstanceOf(RuleViolationError);
  });
});
