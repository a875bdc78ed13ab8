/**
 * Referrals (issue 14 §2): a question to a department by email, its answer back on the case as internal
 * correspondence, and investigation waiting for it unless a coordinator overrides (in-memory ports).
 */
import { describe, expect, it } from 'vitest';
import { referCase } from '../../functions/core/correspondence/referrals';
import { NotFoundError, RuleViolationError } from '../../functions/core/errors';
import { receiveEmail } from '../../functions/core/mail/receive-email';
import { completeTask } from '../../functions/core/review/complete-step';
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
