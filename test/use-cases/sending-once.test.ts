/**
 * Every email has one record in the sent-mail log, so no retry sends it twice, even when the write after the
 * send fails, and two requests racing for the same extension give one notice within the policy's count.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/core/errors';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { acknowledge } from '../../functions/core/review/acknowledge-the-complainant';
import { completeTask } from '../../functions/core/review/complete-step';
import { requestExtension } from '../../functions/core/review/request-extension';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import {
  arm,
  caseAt,
  coordinator,
  desk,
  manager,
  openAsTheWorkflowDoes,
  representative,
  waitingForComplainant,
} from './desk';

/** The next `count` case saves fail, as when DynamoDB throttles or a transaction is cancelled. */
function failSaves(deps: MemoryDependencies, count: number) {
  const save = deps.cases.saveCase.bind(deps.cases);
  let failures = count;
  deps.cases.saveCase = async (change) => {
    if (failures > 0) {
      failures -= 1;
      throw Object.assign(new Error('Throughput exceeded'), {
        name: 'ProvisionedThroughputExceededException',
      });
    }
    return save(change);
  };
}

/** A web complaint through intake and "Open the case", waiting to be acknowledged. */
async function openedCase(deps: MemoryDependencies): Promise<string> {
  const { caseId } = await submitComplaint(deps, {
    complaint: familyComplaint(),
    channel: 'web',
    actor: 'complainant',
  });
  await openAsTheWorkflowDoes(deps, caseId);
  return caseId;
}

const toComplainant = (deps: MemoryDependencies) => deps.mailer.to(PHI_MARKERS.complainantEmail);

describe('an email whose record failed to save', () => {
  it('is not sent again when the acknowledgement is retried', async () => {
    const deps = await desk();
    const caseId = await openedCase(deps);
    failSaves(deps, 1);
    await expect(acknowledge(deps, caseId)).rejects.toThrow('Throughput exceeded');
    expect(await acknowledge(deps, caseId)).toEqual({ sent: true });
    expect(toComplainant(deps)).toHaveLength(1);
    const record = await deps.cases.getCase(caseId);
    expect(record?.acknowledgement?.messageId).toBe(toComplainant(deps)[0]?.messageId);
    // The one link the complainant was given is the one that works.
    expect(deps.table.statusLinks.size).toBe(1);
  });

  it('is not sent again when the written response is retried', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval');
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    const before = toComplainant(deps).length;
    failSaves(deps, 1);
    await expect(sendCaseCorrespondence(deps, { caseId, action: 'response' })).rejects.toThrow();
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'response' })).toEqual({ sent: true });
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'response' })).toEqual({ sent: false });
    expect(toComplainant(deps)).toHaveLength(before + 1);
    expect((await deps.cases.getCase(caseId))?.response?.messageId).toBe(
      toComplainant(deps).at(-1)?.messageId,
    );
  });

  it('is sent by the retry when the mail service failed the first time', async () => {
    const deps = await desk();
    const caseId = await openedCase(deps);
    deps.mailer.failNext = 1;
    await expect(acknowledge(deps, caseId)).rejects.toThrow('SES is unavailable');
    expect(await acknowledge(deps, caseId)).toEqual({ sent: true });
    expect(toComplainant(deps)).toHaveLength(1);
  });
});

describe('a second information request', () => {
  it('is sent, as the first was', async () => {
    const deps = await desk();
    const { caseId, taskId } = await waitingForComplainant(deps, 'Which ward was it?');
    await completeTask(deps, { actor: representative, taskId, body: { outcome: 'resume' } });
    // The workflow goes back to the investigation, whose representative asks again within the same run.
    const { taskId: again } = await arm(deps, caseId, 'investigation');
    deps.clock.advance(60_000);
    await completeTask(deps, {
      actor: representative,
      taskId: again,
      body: { outcome: 'request-information', message: 'And at what time?' },
    });
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'information-request' })).toEqual({
      sent: true,
    });
    const questions = toComplainant(deps).filter((email) =>
      /Which ward was it\?|And at what time\?/.test(email.text),
    );
    expect(questions).toHaveLength(2);
  });
});

describe('two extension requests at once', () => {
  it('give one extension and one notice where the policy allows one', async () => {
    const deps = await desk({ slaPolicy: 'us-medicare-advantage' });
    const { caseId } = await caseAt(deps, 'investigation');
    const notices = () =>
      toComplainant(deps).filter((email) => email.subject.toLowerCase().includes('more time'));
    const results = await Promise.allSettled([
      requestExtension(deps, {
        actor: coordinator,
        caseId,
        request: { reason: 'Records from the ward.', days: 14 },
      }),
      requestExtension(deps, {
        actor: representative,
        caseId,
        request: { reason: 'Statement from a nurse.', days: 10 },
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.any(ConflictError),
    });
    expect((await deps.cases.getCase(caseId))?.extensions).toHaveLength(1);
    expect(notices()).toHaveLength(1);
  });

  it('retried after its record failed records the extension without a second notice', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const request = { reason: 'Records from the ward.', days: 14 };
    failSaves(deps, 1);
    await expect(requestExtension(deps, { actor: coordinator, caseId, request })).rejects.toThrow();
    await requestExtension(deps, { actor: coordinator, caseId, request });
    expect((await deps.cases.getCase(caseId))?.extensions).toHaveLength(1);
    expect(toComplainant(deps).filter((email) => email.text.includes('Records from the ward.'))).toHaveLength(
      1,
    );
  });
});

describe('an attempt that died while sending', () => {
  it('holds a retry off while it might still be sending, then lets the retry send', async () => {
    const deps = await desk();
    const caseId = await openedCase(deps);
    // The claim of an attempt that crashed between claiming and marking the send.
    deps.table.sentMail.set(`acknowledgement:${caseId}`, {
      key: `acknowledgement:${caseId}`,
      fingerprint: 'x',
      claimedAt: deps.clock.now().toISOString(),
    });
    await expect(acknowledge(deps, caseId)).rejects.toMatchObject({ name: 'SendInProgressError' });
    expect(toComplainant(deps)).toEqual([]);
    deps.clock.advance(31_000);
    expect(await acknowledge(deps, caseId)).toEqual({ sent: true });
    expect(toComplainant(deps)).toHaveLength(1);
  });
});
