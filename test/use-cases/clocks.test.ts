/**
 * SLA clocks on in-memory ports: extensions within the policy (count and length, with written reasons to the
 * complainant), the response clock paused while waiting for the complainant, reminders then escalations.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../functions/core/errors';
import { completeTask } from '../../functions/core/review/complete-step';
import { requestExtension } from '../../functions/core/review/request-extension';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { fireClockEvent } from '../../functions/core/sla/fire-clock';
import { planStepClock } from '../../functions/core/sla/plan-clock';
import { PHI_MARKERS } from '../support/fixtures';
import { arm, caseAt, coordinator, desk, newCase, representative, waitingForComplainant } from './desk';

const DAY = 86_400_000;

describe('extensions', () => {
  it.each([
    ['us-cms-hospital', 2],
    ['us-medicare-advantage', 1],
  ] as const)(
    'under %s allow %i extension(s) of at most 14 days, each with a notice',
    async (slaPolicy, count) => {
      const deps = await desk({ slaPolicy });
      const { caseId } = await caseAt(deps, 'investigation');
      const tooLong = await requestExtension(deps, {
        actor: coordinator,
        caseId,
        request: { reason: 'We are waiting for records.', days: 15 },
      }).catch((error) => error);
      expect(tooLong).toBeInstanceOf(RuleViolationError);

      const before = Date.parse((await deps.cases.getCase(caseId))?.deadlines.respond?.dueAt as string);
      for (let index = 0; index < count; index += 1) {
        await requestExtension(deps, {
          actor: representative,
          caseId,
          request: { reason: 'We are waiting for records.', days: 14 },
        });
      }
      const extended = await deps.cases.getCase(caseId);
      expect(Date.parse(extended?.deadlines.respond?.dueAt as string) - before).toBe(count * 14 * DAY);
      expect(extended?.extensions).toHaveLength(count);
      expect(
        deps.mailer
          .to(PHI_MARKERS.complainantEmail)
          .filter((email) => email.text.includes('We are waiting for records.')),
      ).toHaveLength(count);

      const oneMore = await requestExtension(deps, {
        actor: coordinator,
        caseId,
        request: { reason: 'More.', days: 1 },
      }).catch((error) => error);
      expect(oneMore).toBeInstanceOf(RuleViolationError);
      expect((await deps.cases.getCase(caseId))?.extensions).toHaveLength(count);
    },
  );
});

describe('waiting for the complainant', () => {
  async function waiting() {
    const deps = await desk();
    return { deps, ...(await waitingForComplainant(deps)) };
  }

  it('asks the question once, and moves the response deadline by the time waited when staff resume', async () => {
    const { deps, caseId, respondBy, taskId } = await waiting();
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'information-request' })).toEqual({
      sent: false,
    });
    expect(
      deps.mailer
        .to(PHI_MARKERS.complainantEmail)
        .filter((email) => email.text.includes('Which ward was it?')),
    ).toHaveLength(1);

    deps.clock.advance(3 * DAY);
    await completeTask(deps, { actor: representative, taskId, body: { outcome: 'resume' } });
    const resumed = await deps.cases.getCase(caseId);
    expect(Date.parse(resumed?.deadlines.respond?.dueAt as string) - respondBy).toBe(3 * DAY);
    expect(resumed?.deadlines.respond?.source).toContain('paused while waiting for the complainant');
    expect(resumed?.informationRequest).toMatchObject({ resumedBy: representative.userId });
  });

  it('resumes by itself at the policy limit', async () => {
    const { deps, caseId } = await waiting();
    const plan = await planStepClock(deps, { caseId, step: 'awaiting-complainant', rounds: 0 });
    expect(plan.event).toBe('information-limit');
    expect(plan.waitSeconds).toBe(14 * 24 * 3600);
    deps.clock.advance(plan.waitSeconds * 1000);
    expect(await fireClockEvent(deps, { caseId, step: 'awaiting-complainant', event: plan.event })).toEqual({
      fired: true,
      resumed: true,
    });
    const task = await deps.cases.getTask(
      caseId,
      (await deps.cases.getCase(caseId))?.currentTask?.taskId as string,
    );
    expect(task).toMatchObject({
      status: 'completed',
      outcome: { outcome: 'resume' },
      completedBy: 'system',
    });
  });
});

describe('reminders and escalations', () => {
  it('remind the assignee, then escalate to the manager, never repeating one that was settled', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    await arm(deps, caseId, 'triage');
    const plan = await planStepClock(deps, { caseId, step: 'triage', rounds: 0 });
    expect(plan.event).toMatch(/^reminder-/);
    deps.clock.advance(10 * DAY);
    expect(await fireClockEvent(deps, { caseId, step: 'triage', event: 'escalation' })).toEqual({
      fired: true,
    });
    // The escalation settled the earlier reminders: they are not sent late.
    expect(await fireClockEvent(deps, { caseId, step: 'triage', event: plan.event })).toEqual({
      fired: false,
    });
    const manager = deps.mailer.to(deps.settings.escalation.manager);
    expect(manager).toHaveLength(1);
    expect(manager[0]?.text).not.toContain(PHI_MARKERS.description);
    expect(manager[0]?.text).not.toContain(PHI_MARKERS.patientName);
  });
});
