/**
 * Referrals (issue 14 §2): a question to a department by email, its answer back on the case as internal
 * correspondence, and investigation waiting for it unless a coordinator overrides (in-memory ports).
 */
import { describe, expect, it } from 'vitest';
import { referCase } from '../../functions/core/correspondence/referrals';
import { NotFoundError, RuleViolationError } from '../../functions/core/errors';
import { receiveEmail } from '../../functions/core/mail/receive-email';
import { completeTask } from '../../functions/core/review/complete-step';
import { fireClockEvent } from '../../functions/core/sla/fire-clock';
import { planStepClock } from '../../functions/core/sla/plan-clock';
import { statusView } from '../../functions/core/status-page/status-page';
import { PHI_MARKERS } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { caseAt, coordinator, deliver, desk, findings, otherRepresentative, representative } from './desk';

const WARD_LEAD = 'ward4.lead@example.org';

async function askTheWardLead(deps: MemoryDependencies, caseId: string) {
  return referCase(deps, {
    actor: representative,
    caseId,
    request: {
      to: WARD_LEAD,
      toName: 'Alex Lead',
      question: 'Who was on the night shift on 1 November, and what happened with the call bell?',
      dueDate: '2026-11-05',
    },
  });
}

function statusToken(deps: MemoryDependencies): string {
  const acknowledgement = deps.mailer
    .to(PHI_MARKERS.complainantEmail)
    .find((email) => email.text.includes('status.html#'));
  return acknowledgement?.text.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;
}

describe('a referral', () => {
  it('asks by email with a reply address of its own, and the answer joins the case as internal, once', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const { referral } = await askTheWardLead(deps, caseId);
    // The same request again (a client retry) asks nothing new and sends nothing more.
    expect((await askTheWardLead(deps, caseId)).referral.referralId).toBe(referral.referralId);
    expect(deps.mailer.to(WARD_LEAD)).toHaveLength(1);
    expect((await deps.cases.getCase(caseId))?.referrals).toHaveLength(1);
    const question = deps.mailer.to(WARD_LEAD)[0];
    const replyTo = `complaints+${caseId.toLowerCase()}-${referral.referralId.toLowerCase()}@liaison.example.org`;
    expect(question?.replyTo).toBe(replyTo);
    expect(question?.subject).toMatch(
      /^A question about case .+, please answer by Thursday 5 November 2026$/,
    );
    expect(question?.text).toContain('the complainant does not see it');

    const answer = deliver(
      deps,
      { From: `Alex Lead <${WARD_LEAD}>`, To: replyTo, Subject: `Re: ${question?.subject}` },
      'Two nurses and an agency HCA; the bell panel was faulty that night.',
    );
    await expect(receiveEmail(deps, answer)).resolves.toMatchObject({
      kind: 'reply',
      caseId,
      duplicate: false,
    });
    // SES delivers twice: one answer.
    await expect(receiveEmail(deps, answer)).resolves.toMatchObject({ duplicate: true });
    const record = await deps.cases.getCase(caseId);
    expect(record?.referrals?.[0]).toMatchObject({ status: 'answered', answers: [expect.any(String)] });
    const answers = deps.table.correspondence.filter(
      (item) => item.caseId === caseId && item.kind === 'referral-answer',
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body).toContain('bell panel was faulty');
    // Neither the question nor the answer is on the complainant's status page.
    const view = await statusView(deps, statusToken(deps));
    expect(JSON.stringify(view)).not.toMatch(/night shift|bell panel/);
  });

  it('holds investigation while open, unless a coordinator gives the reason the findings cannot wait', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'investigation');
    await askTheWardLead(deps, caseId);
    const refused = await completeTask(deps, { actor: representative, taskId, body: findings }).catch(
      (e) => e,
    );
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.errors[0]).toMatchObject({ field: 'referralsOverride' });
    // A representative cannot override, even with a reason.
    await expect(
      completeTask(deps, {
        actor: representative,
        taskId,
        body: { ...findings, referralsOverride: 'Waited enough.' },
      }),
    ).rejects.toBeInstanceOf(RuleViolationError);
    await expect(
      completeTask(deps, {
        actor: coordinator,
        taskId,
        body: { ...findings, referralsOverride: 'The ward lead is on leave; the log answers the question.' },
      }),
    ).resolves.toMatchObject({ outcome: 'findings' });
    expect((await deps.cases.getCase(caseId))?.investigation?.referralsOverride).toContain('on leave');
    expect(deps.table.audit.map((event) => event.type)).toContain('referrals.overridden');
  });

  it('is asked only by those who may work the case, with a due date from today', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    await expect(
      referCase(deps, {
        actor: otherRepresentative,
        caseId,
        request: { to: WARD_LEAD, question: 'Anything?', dueDate: '2026-11-05' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      referCase(deps, {
        actor: representative,
        caseId,
        request: { to: WARD_LEAD, question: 'Anything?', dueDate: '2026-11-01' },
      }),
    ).rejects.toMatchObject({ errors: [{ field: 'dueDate' }] });
    expect(deps.mailer.to(WARD_LEAD)).toEqual([]);
  });
});

describe("a referral's own clock", () => {
  it('reminds whoever was asked on the due date, then tells the asker and the manager once it is overdue', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const { referral } = await askTheWardLead(deps, caseId);
    const plan = () => planStepClock(deps, { caseId, step: 'investigation', rounds: 0 });
    const fire = (event: string) => fireClockEvent(deps, { caseId, step: 'investigation', event });

    // Thursday 5 November 2026, 09:00 in New York: the start of working hours on the due date.
    deps.clock.set('2026-11-05T14:00:00Z');
    const due = await plan();
    expect(due.event).toBe(`referral-reminder-${referral.referralId}`);
    expect(await fire(due.event)).toEqual({ fired: true });
    expect(await fire(due.event)).toEqual({ fired: false });
    const reminders = deps.mailer.to(WARD_LEAD).filter((email) => email.subject.startsWith('Reminder'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.replyTo).toContain(referral.referralId.toLowerCase());

    // The step's own reminders fall due too: each event in turn, the referral's among them.
    deps.clock.set('2026-11-06T14:00:00Z');
    const planned: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const next = await plan();
      if (next.waitSeconds > 1) break;
      planned.push(next.event);
      await fire(next.event);
    }
    expect(planned).toContain(`referral-escalation-${referral.referralId}`);
    expect(deps.mailer.to(representative.email).map((email) => email.subject)).toContain(
      `Overdue: a referral on case ${(await deps.cases.getCase(caseId))?.reference} was due Thursday 5 November 2026`,
    );
    const manager = deps.settings.escalation.manager;
    expect(deps.mailer.to(manager).some((email) => email.subject.startsWith('Overdue: a referral'))).toBe(
      true,
    );
    const record = await deps.cases.getCase(caseId);
    expect(record?.referrals?.[0]).toMatchObject({
      remindedAt: expect.any(String),
      escalatedAt: expect.any(String),
    });
    expect((await plan()).event).not.toContain('referral');
  });

  it('stops once the referral is answered', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const { referral } = await askTheWardLead(deps, caseId);
    const replyTo = `complaints+${caseId.toLowerCase()}-${referral.referralId.toLowerCase()}@liaison.example.org`;
    await receiveEmail(deps, deliver(deps, { From: WARD_LEAD, To: replyTo }, 'The bell panel was faulty.'));
    deps.clock.set('2026-11-05T14:00:00Z');
    const plan = await planStepClock(deps, { caseId, step: 'investigation', rounds: 0 });
    expect(plan.event).not.toContain('referral');
  });
});
