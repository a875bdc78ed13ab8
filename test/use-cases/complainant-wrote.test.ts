/**
 * "The complainant wrote": an email reply, a message from the status page, and held mail a coordinator places
 * on the case are one use case. Each test below failed before the three paths shared it:
 * - the status page told the default coordinators, ignoring per-facility and per-department contacts;
 * - held mail placed on a waiting case never ended the wait;
 * - an email whose follow-up failed (telling the assignee, resuming) was skipped as a duplicate on redelivery,
 *   so the case waited until its clock limit.
 */
import { describe, expect, it } from 'vitest';
import { placeHeldMessage } from '../../functions/core/mail/place-held-message';
import { receiveEmail } from '../../functions/core/mail/receive-email';
import { addStatusMessage, statusView } from '../../functions/core/status-page/status-page';
import { PHI_MARKERS } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { coordinator, deliver, desk, newCase, representative, waitingForComplainant } from './desk';

const MEDICINE_DESK = 'medicine-desk@example.org';

/** The private link's token, from the acknowledgement the complainant received. */
function statusToken(deps: MemoryDependencies): string {
  const acknowledgement = deps.mailer
    .to(PHI_MARKERS.complainantEmail)
    .find((email) => email.text.includes('status.html#'));
  return acknowledgement?.text.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;
}

async function expectResumed(deps: MemoryDependencies, caseId: string, token: string) {
  const record = await deps.cases.getCase(caseId);
  const task = await deps.cases.getTask(caseId, record?.currentTask?.taskId as string);
  expect(task).toMatchObject({
    step: 'awaiting-complainant',
    status: 'completed',
    outcome: { outcome: 'resume' },
    delivered: true,
  });
  expect(deps.workflow.delivered).toContainEqual({ token, outcome: { outcome: 'resume' } });
  expect(record?.informationRequest?.resumedAt).toBeDefined();
}

describe('a message from the status page', () => {
  it("tells the case's department desk when no one is assigned yet", async () => {
    const deps = await desk({
      escalation: {
        coordinators: 'coordinators@example.org',
        manager: 'manager@example.org',
        director: 'director@example.org',
        byDepartment: { Medicine: { coordinators: MEDICINE_DESK } },
      },
    });
    const caseId = await newCase(deps); // department Medicine, not yet triaged
    await addStatusMessage(deps, statusToken(deps), 'I remembered the name of the nurse.');
    const notices = deps.mailer.to(MEDICINE_DESK);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).not.toContain('I remembered the name of the nurse.');
    expect(deps.mailer.to('coordinators@example.org')).toEqual([]);
    const view = await statusView(deps, statusToken(deps));
    expect(view.messages).toContainEqual(
      expect.objectContaining({ from: 'you', text: 'I remembered the name of the nurse.' }),
    );
    expect((await deps.cases.getCase(caseId))?.stage).toBe('intake');
  });

  it('ends a wait for the complainant and hands it to the workflow', async () => {
    const deps = await desk();
    const { caseId, token } = await waitingForComplainant(deps);
    await addStatusMessage(deps, statusToken(deps), 'It was ward 7B.');
    await expectResumed(deps, caseId, token);
  });
});

describe('held mail placed on a case', () => {
  it('ends a wait for the complainant and tells the assignee', async () => {
    const deps = await desk();
    const { caseId, token } = await waitingForComplainant(deps);
    const record = await deps.cases.getCase(caseId);
    // The complainant's daughter answers for her: held, since she is not the complainant.
    const held = await receiveEmail(
      deps,
      deliver(
        deps,
        {
          From: 'daughter@example.net',
          To: 'complaints@liaison.example.org',
          Subject: `Re: [${record?.reference}]`,
        },
        'It was ward 7B.',
      ),
    );
    expect(held).toMatchObject({ kind: 'held', reason: 'unknown-sender' });

    const sentBefore = deps.mailer.to(representative.email).length;
    await placeHeldMessage(deps, {
      actor: coordinator,
      heldId: (held as { heldId: string }).heldId,
      placement: { caseId },
    });
    await expectResumed(deps, caseId, token);
    expect(deps.mailer.to(representative.email).length).toBe(sentBefore + 1);
  });
});

describe('an email reply', () => {
  async function replyTo(deps: MemoryDependencies, caseId: string) {
    const record = await deps.cases.getCase(caseId);
    return deliver(
      deps,
      {
        From: `Zeb <${PHI_MARKERS.complainantEmail}>`,
        To: 'complaints@liaison.example.org',
        'In-Reply-To': record?.acknowledgement?.messageId as string,
      },
      'It was ward 7B.',
    );
  }

  it('whose notice to the assignee failed is finished by the redelivery', async () => {
    const deps = await desk();
    const { caseId, token } = await waitingForComplainant(deps);
    const email = await replyTo(deps, caseId);
    deps.mailer.failNext = 1;
    await expect(receiveEmail(deps, email)).rejects.toThrow('SES is unavailable');

    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'reply', caseId, duplicate: true });
    expect(
      deps.mailer.to(representative.email).filter((notice) => notice.subject.includes('New message')),
    ).toHaveLength(1);
    await expectResumed(deps, caseId, token);
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    expect(correspondence.filter((item) => item.kind === 'reply')).toHaveLength(1);
  });

  it('whose hand-over to the workflow failed is handed over by the redelivery, and told only once', async () => {
    const deps = await desk();
    const { caseId, token } = await waitingForComplainant(deps);
    const email = await replyTo(deps, caseId);
    deps.workflow.failCompletions = 1;
    await expect(receiveEmail(deps, email)).rejects.toThrow('Step Functions is unavailable');
    expect(deps.workflow.delivered.map((entry) => entry.token)).not.toContain(token);

    await receiveEmail(deps, email);
    await expectResumed(deps, caseId, token);
    expect(
      deps.mailer.to(representative.email).filter((notice) => notice.subject.includes('New message')),
    ).toHaveLength(1);
  });
});
