/**
 * Acting for someone else (issue 14 §4; HIPAA 164.502(g)): until the patient's consent or the complainant's
 * authority is settled, the response is not put in an email; it waits on the private status page (in memory).
 */
import { describe, expect, it } from 'vitest';
import { authorityOf, recordAuthority } from '../../functions/core/case/acting-for';
import { NotFoundError } from '../../functions/core/errors';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { statusView } from '../../functions/core/status-page/status-page';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { caseAt, coordinator, desk, manager, otherRepresentative } from './desk';

async function respond(deps: MemoryDependencies) {
  // The desk's draft says what was found ("... because of a staffing gap").
  const { caseId, taskId } = await caseAt(deps, 'approval', { complaint: familyComplaint() });
  return { caseId, taskId };
}

function statusToken(deps: MemoryDependencies): string {
  const acknowledgement = deps.mailer
    .to(PHI_MARKERS.complainantEmail)
    .find((email) => email.text.includes('status.html#'));
  return acknowledgement?.text.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;
}

describe('a complaint made for a patient', () => {
  it('starts with authority pending, and its response email only says the letter is on the status page', async () => {
    const deps = await desk();
    const { caseId, taskId } = await respond(deps);
    expect(authorityOf((await deps.cases.getCase(caseId)) as never)).toBe('pending');
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    const email = deps.mailer
      .to(PHI_MARKERS.complainantEmail)
      .find((mail) => mail.subject.startsWith('Our response'));
    expect(email?.text).toContain('we have not put it in this email');
    expect(email?.text).not.toContain('staffing gap');
    // The letter itself is kept on the case, and read on the status page.
    const view = await statusView(deps, statusToken(deps));
    expect(view.messages.map((message) => message.text).join('\n')).toContain('staffing gap');
  });

  it('posts no letter about the patient either while authority is pending: it says how to get it', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval', {
      complaint: familyComplaint({ contactPreference: 'letter' }),
    });
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    const posted = deps.table.correspondence.find(
      (item) => item.caseId === caseId && item.kind === 'response',
    );
    expect(posted?.status).toBe('to-be-mailed');
    expect(posted?.body).not.toContain('staffing gap');
    expect(posted?.body).toContain(`Please call us on ${deps.settings.organizationPhone}`);
    expect(posted?.body).not.toContain('status page');
    // The whole letter is kept beside it, for staff, never mailed.
    expect(posted?.heldText).toContain('staffing gap');
    expect((await deps.cases.getCase(caseId))?.response?.channel).toBe('letter');
  });

  it('puts the letter in the email once consent is obtained, recorded with who and when', async () => {
    const deps = await desk();
    const { caseId, taskId } = await respond(deps);
    await expect(
      recordAuthority(deps, { actor: otherRepresentative, caseId, request: { status: 'obtained' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const { authority } = await recordAuthority(deps, {
      actor: coordinator,
      caseId,
      request: { status: 'obtained', basis: 'patient-consent', note: 'Signed consent form scanned.' },
    });
    expect(authority).toMatchObject({
      status: 'obtained',
      basis: 'patient-consent',
      recordedBy: coordinator.userId,
    });
    const audit = deps.table.audit.find((event) => event.type === 'authority.recorded');
    expect(audit?.detail).toEqual({ status: 'obtained', basis: 'patient-consent' });
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    const email = deps.mailer
      .to(PHI_MARKERS.complainantEmail)
      .find((mail) => mail.subject.startsWith('Our response'));
    expect(email?.text).toContain('staffing gap');
  });
});
