/**
 * The review's human steps on in-memory ports: who may complete each, approval and the four elements of a
 * grievance response (42 CFR 482.13(a)(2)(iii), tag A-0123), a completion racing a clock, and closure.
 */
import { describe, expect, it } from 'vitest';
import { caseViewFor, listTasksFor } from '../../functions/core/console/console-queries';
import { staffPicker } from '../../functions/core/console/staff-list';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../../functions/core/errors';
import { assignCase } from '../../functions/core/review/assign-case';
import { completeTask } from '../../functions/core/review/complete-step';
import { reopenCase } from '../../functions/core/review/reopen-case';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { armHumanTask, CASE_WITHDRAWN_ERROR } from '../../functions/core/review/wait-for-step';
import { withdrawCase } from '../../functions/core/review/withdraw-case';
import { codedClosure, PHI_MARKERS, selfComplaint } from '../support/fixtures';
import { TEST_SETTINGS } from '../support/memory';
import {
  arm,
  assignTo,
  caseAt,
  complete,
  coordinator,
  desk,
  manager,
  newCase,
  otherRepresentative,
  representative,
} from './desk';

describe('the case page between two steps', () => {
  it('shows no step once the current one is completed, until the workflow opens the next', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId } = await arm(deps, caseId, 'triage');
    const view = () => caseViewFor(deps, coordinator, caseId, deps.clock.now(), deps.settings);
    expect((await view()).currentStep).toMatchObject({ step: 'triage', taskId });
    await completeTask(deps, { actor: coordinator, taskId, body: assignTo(representative.userId) });
    expect((await view()).currentStep).toBeUndefined();
    const next = await arm(deps, caseId, 'investigation');
    expect((await view()).currentStep).toMatchObject({ step: 'investigation', taskId: next.taskId });
  });
});

describe('roles', () => {
  it('lets only coordinators and managers triage; a representative cannot even see the task', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId } = await arm(deps, caseId, 'triage');
    // Not their case: answered as no task at all (404), before the body is even read.
    await expect(completeTask(deps, { actor: representative, taskId, body: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      completeTask(deps, { actor: manager, taskId, body: assignTo(representative.userId) }),
    ).resolves.toMatchObject({ outcome: 'assign' });
  });

  it('lets the assigned representative investigate, and no other representative', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'investigation');
    const body = { outcome: 'request-information', message: 'When did this happen?' };
    await expect(completeTask(deps, { actor: otherRepresentative, taskId, body })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // Another's case reads exactly as a case that does not exist.
    const notTheirs = await caseViewFor(
      deps,
      otherRepresentative,
      caseId,
      deps.clock.now(),
      deps.settings,
    ).catch((error) => error);
    const missing = await caseViewFor(
      deps,
      otherRepresentative,
      'PR-2026-999999',
      deps.clock.now(),
      deps.settings,
    ).catch((error) => error);
    expect(notTheirs).toBeInstanceOf(NotFoundError);
    expect(notTheirs.message).toBe(missing.message);
    expect(await listTasksFor(deps, otherRepresentative, deps.clock.now())).toEqual([]);
    expect((await listTasksFor(deps, representative, deps.clock.now())).map((task) => task.taskId)).toEqual([
      taskId,
    ]);
    await expect(completeTask(deps, { actor: representative, taskId, body })).resolves.toMatchObject({
      outcome: 'request-information',
    });
  });

  it('assigns only a representative', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId } = await arm(deps, caseId, 'triage');
    const error = await completeTask(deps, {
      actor: coordinator,
      taskId,
      body: assignTo(manager.userId),
    }).catch((thrown) => thrown);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ field: 'assigneeId', message: 'This person is not a representative.' }]);
  });

  it('answers an unknown task with 404 and a body that fits no step with the step schema errors', async () => {
    const deps = await desk();
    await expect(
      completeTask(deps, { actor: coordinator, taskId: 'no-such-task', body: {} }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const caseId = await newCase(deps);
    const { taskId } = await arm(deps, caseId, 'triage');
    await expect(
      completeTask(deps, { actor: coordinator, taskId, body: { outcome: 'approve' } }),
    ).rejects.toMatchObject({ name: 'ZodError' });
  });
});

describe('approval', () => {
  it('is never by the author of the response', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval');
    const record = await deps.cases.getCase(caseId);
    await deps.staff.upsert({ ...manager, userId: record?.draft?.draftedBy as string });
    await expect(
      completeTask(deps, {
        actor: { ...manager, userId: record?.draft?.draftedBy as string },
        taskId,
        body: { outcome: 'approve' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } }),
    ).resolves.toMatchObject({ outcome: 'approved' });
    expect((await deps.cases.getCase(caseId))?.stage).toBe('sending');
  });

  it('refuses a grievance response that lacks any of the four CMS elements, naming each', async () => {
    const deps = await desk();
    const { taskId } = await caseAt(deps, 'approval', { draftBody: 'We are sorry. We looked into it.' });
    const error = await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } }).catch(
      (thrown) => thrown,
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toHaveLength(4);
    for (const element of ['steps taken', 'results', 'contact person', 'date of completion']) {
      expect(error.errors.map((entry: { message: string }) => entry.message).join(' ')).toContain(element);
    }
  });

  it('does not ask a complaint triaged as such for the grievance elements', async () => {
    const deps = await desk();
    const { taskId } = await caseAt(deps, 'approval', {
      complaint: selfComplaint(),
      channel: 'phone',
      type: 'complaint',
      draftBody: 'Thank you for telling us.',
    });
    await expect(
      completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } }),
    ).resolves.toMatchObject({ outcome: 'approved' });
  });

  it('returned with comments clears the approval, and a new draft needs approving again', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval');
    await completeTask(deps, {
      actor: manager,
      taskId,
      body: { outcome: 'return', comments: 'Say sorry first.' },
    });
    const returned = await deps.cases.getCase(caseId);
    expect(returned?.returns).toEqual([
      expect.objectContaining({ by: manager.userId, comments: 'Say sorry first.' }),
    ]);
    expect(returned?.approval).toBeUndefined();
  });
});

describe('a completion', () => {
  it('is taken once: the second gets 409', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId } = await arm(deps, caseId, 'triage');
    const results = await Promise.allSettled([
      completeTask(deps, { actor: coordinator, taskId, body: assignTo(representative.userId) }),
      completeTask(deps, {
        actor: manager,
        taskId,
        body: { outcome: 'withdrawn', reason: 'Called to withdraw.' },
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.any(ConflictError),
    });
  });

  it('recorded while its token was stale is handed over at the next arm', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId, token } = await arm(deps, caseId, 'triage');
    deps.workflow.live.delete(token); // a clock fired: the wait is being re-armed
    await completeTask(deps, { actor: coordinator, taskId, body: assignTo(representative.userId) });
    expect(deps.workflow.delivered).toEqual([]);
    deps.workflow.live.add('token-rearmed');
    expect(await armHumanTask(deps, { caseId, step: 'triage', taskToken: 'token-rearmed' })).toEqual({
      taskId,
      delivered: true,
    });
    expect(deps.workflow.delivered).toEqual([{ token: 'token-rearmed', outcome: { outcome: 'assign' } }]);
  });
});

describe('withdrawing and reopening', () => {
  it('fails the waiting step, refuses late completions, and reopens in a new execution from triage', async () => {
    const deps = await desk();
    const { caseId, taskId, token } = await caseAt(deps, 'investigation');
    await withdrawCase(deps, { actor: coordinator, caseId, reason: 'The family asked us to stop.' });
    expect(deps.workflow.failed).toEqual([{ token, error: CASE_WITHDRAWN_ERROR }]);
    await expect(
      completeTask(deps, {
        actor: representative,
        taskId,
        body: { outcome: 'request-information', message: 'x' },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(withdrawCase(deps, { actor: representative, caseId, reason: 'x' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    expect(await reopenCase(deps, { actor: coordinator, caseId, reason: 'They called back.' })).toEqual({
      executionName: `case-${caseId}-reopen-1`,
    });
    const reopened = await deps.cases.getCase(caseId);
    expect(reopened).toMatchObject({ stage: 'intake', closure: undefined, workflow: { run: 1 } });
    expect(deps.workflow.started.at(-1)).toEqual({ caseId, executionName: `case-${caseId}-reopen-1` });
  });
});

describe('a review that has been superseded or withdrawn', () => {
  it('reopening stops the old execution, and a survey it still asks for is not sent', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval');
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response', execution: `case-${caseId}` });
    await complete(deps, coordinator, caseId, 'closure', codedClosure({ survey: true }));
    await reopenCase(deps, { actor: coordinator, caseId, reason: 'They wrote again.' });
    expect(deps.workflow.stopped).toEqual([`case-${caseId}`]);
    // The old execution, had it not been stopped in time, wakes to send its survey: refused.
    expect(
      await sendCaseCorrespondence(deps, { caseId, action: 'survey', execution: `case-${caseId}` }),
    ).toEqual({
      sent: false,
    });
    expect(
      deps.mailer
        .to(PHI_MARKERS.complainantEmail)
        .filter((email) => /survey|how we did/i.test(email.subject)),
    ).toEqual([]);
  });

  it('a withdrawal and the response racing: whichever commits first wins, never both', async () => {
    const withdrawnFirst = await desk();
    const first = await caseAt(withdrawnFirst, 'approval');
    await completeTask(withdrawnFirst, {
      actor: manager,
      taskId: first.taskId,
      body: { outcome: 'approve' },
    });
    await withdrawCase(withdrawnFirst, {
      actor: coordinator,
      caseId: first.caseId,
      reason: 'They asked us to stop.',
    });
    expect(
      await sendCaseCorrespondence(withdrawnFirst, { caseId: first.caseId, action: 'response' }),
    ).toEqual({ sent: false });
    expect((await withdrawnFirst.cases.getCase(first.caseId))?.response).toBeUndefined();

    const sendingFirst = await desk();
    const second = await caseAt(sendingFirst, 'approval');
    await completeTask(sendingFirst, { actor: manager, taskId: second.taskId, body: { outcome: 'approve' } });
    sendingFirst.mailer.failNext = 1; // the send is under way (claimed) when the withdrawal arrives
    await expect(
      sendCaseCorrespondence(sendingFirst, { caseId: second.caseId, action: 'response' }),
    ).rejects.toThrow();
    await expect(
      withdrawCase(sendingFirst, { actor: coordinator, caseId: second.caseId, reason: 'Too late.' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await sendCaseCorrespondence(sendingFirst, { caseId: second.caseId, action: 'response' })).toEqual(
      { sent: true },
    );
  });
});

describe('who read a case', () => {
  it('records every view and attachment link with who, when and from where, for coordinators and managers to read', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { caseViewFor } = await import('../../functions/core/console/console-queries');
    const { accessLogFor } = await import('../../functions/core/access/access-log');
    await caseViewFor(
      deps,
      { ...coordinator, sourceIp: '192.0.2.7' },
      caseId,
      deps.clock.now(),
      deps.settings,
    );
    deps.clock.advance(1_000);
    await caseViewFor(deps, { ...manager, sourceIp: '192.0.2.8' }, caseId, deps.clock.now(), deps.settings);
    const log = await accessLogFor(deps, manager, caseId, { limit: 10 });
    expect(log.items).toEqual([
      expect.objectContaining({ userId: manager.userId, action: 'view-case', sourceIp: '192.0.2.8' }),
      expect.objectContaining({ userId: coordinator.userId, action: 'view-case', sourceIp: '192.0.2.7' }),
    ]);
    await expect(accessLogFor(deps, representative, caseId, { limit: 10 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('serves no case it could not record reading', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { caseViewFor } = await import('../../functions/core/console/console-queries');
    deps.accessLog.failNext = true;
    await expect(caseViewFor(deps, coordinator, caseId, deps.clock.now(), deps.settings)).rejects.toThrow(
      'Service unavailable',
    );
  });
});

describe('a completion the workflow could not take', () => {
  it('stands, and the sweeper hands it over within minutes instead of at the next clock event', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { taskId, token } = await arm(deps, caseId, 'triage');
    deps.workflow.failCompletions = 1;
    await expect(
      completeTask(deps, { actor: coordinator, taskId, body: assignTo(representative.userId) }),
    ).resolves.toMatchObject({ outcome: 'assign' });
    expect(deps.deferredHandOvers).toEqual([caseId]);
    expect(deps.workflow.delivered).toEqual([]);

    const { redeliverCompletedSteps } = await import('../../functions/core/review/redeliver-steps');
    expect(await redeliverCompletedSteps(deps)).toEqual({ delivered: 0, stale: 0 }); // too young: left to the request
    deps.clock.advance(2 * 60_000);
    expect(await redeliverCompletedSteps(deps)).toEqual({ delivered: 1, stale: 0 });
    expect(deps.workflow.delivered).toEqual([{ token, outcome: { outcome: 'assign' } }]);
    expect((await deps.cases.getTask(caseId, taskId))?.delivered).toBe(true);
    expect(await redeliverCompletedSteps(deps)).toEqual({ delivered: 0, stale: 0 });
  });
});

describe('a step that failed for good', () => {
  it('flags the case and tells its coordinators once per execution, naming the error and nothing of the case', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const { flagForAttention } = await import('../../functions/core/review/flag-for-attention');
    const input = { caseId, error: 'TypeError', execution: `case-${caseId}` };
    expect(await flagForAttention(deps, input)).toEqual({ flagged: true });
    expect(await flagForAttention(deps, input)).toEqual({ flagged: false });
    expect((await deps.cases.getCase(caseId))?.needsAttention).toMatchObject({ error: 'TypeError' });
    const notices = deps.mailer
      .to(deps.settings.escalation.coordinators)
      .filter((email) => email.subject.startsWith('Needs attention'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('TypeError');
    expect(notices[0]?.text).not.toContain(PHI_MARKERS.description);
    expect(notices[0]?.text).not.toContain(PHI_MARKERS.patientName);
  });
});

describe('assigning by name', () => {
  it('moves the case and its open step to the new assignee, tells them, audits it, and shows caseloads', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const { staff } = await staffPicker(deps, coordinator);
    expect(staff.find((member) => member.userId === representative.userId)?.openTasks).toBe(1);
    expect(staff.find((member) => member.userId === otherRepresentative.userId)?.openTasks).toBe(0);

    const sentBefore = deps.mailer.sent.length;
    expect(
      await assignCase(deps, { actor: coordinator, caseId, assigneeId: otherRepresentative.userId }),
    ).toEqual({
      assignee: {
        userId: otherRepresentative.userId,
        name: otherRepresentative.name,
        email: otherRepresentative.email,
      },
      changed: true,
    });
    const record = await deps.cases.getCase(caseId);
    expect(record?.assignee?.userId).toBe(otherRepresentative.userId);
    expect(record?.currentTask?.assigneeId).toBe(otherRepresentative.userId);
    const task = await deps.cases.getTask(caseId, record?.currentTask?.taskId as string);
    expect(task?.assigneeId).toBe(otherRepresentative.userId);
    // The task queue shows the case's complainant, type and new assignee without reading the case.
    const [queued] = await listTasksFor(deps, otherRepresentative, deps.clock.now());
    expect(queued).toMatchObject({
      caseId,
      complainant: PHI_MARKERS.complainantName,
      assignee: otherRepresentative.name,
    });
    const notice = deps.mailer.sent.slice(sentBefore);
    expect(notice.map((email) => email.to)).toEqual([otherRepresentative.email]);
    expect(notice[0]?.text).toContain(record?.reference);
    expect(notice[0]?.text).not.toContain(PHI_MARKERS.complainantName);
    const { audit } = await deps.cases.caseTimeline(caseId);
    expect(audit.at(-1)).toMatchObject({
      type: 'case.assigned',
      actor: coordinator.userId,
      detail: { from: representative.userId, to: otherRepresentative.userId },
    });
    // The previous representative no longer sees it; the new one does.
    await expect(caseViewFor(deps, representative, caseId, deps.clock.now(), TEST_SETTINGS)).rejects.toThrow(
      NotFoundError,
    );
    expect(
      (await staffPicker(deps, coordinator)).staff.find((m) => m.userId === otherRepresentative.userId)
        ?.openTasks,
    ).toBe(1);

    // Assigning again to the same person changes nothing and tells nobody twice.
    expect(
      (await assignCase(deps, { actor: coordinator, caseId, assigneeId: otherRepresentative.userId }))
        .changed,
    ).toBe(false);
    expect(deps.mailer.sent.length).toBe(sentBefore + 1);
  });

  it('refuses representatives, unknown or inactive people, and closed cases', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    await expect(
      assignCase(deps, { actor: representative, caseId, assigneeId: otherRepresentative.userId }),
    ).rejects.toThrow(ForbiddenError);
    await expect(assignCase(deps, { actor: coordinator, caseId, assigneeId: 'nobody' })).rejects.toThrow(
      RuleViolationError,
    );
    await deps.staff.upsert({ ...otherRepresentative, roles: [], active: false });
    await expect(
      assignCase(deps, { actor: coordinator, caseId, assigneeId: otherRepresentative.userId }),
    ).rejects.toThrow(RuleViolationError);
    await withdrawCase(deps, { actor: coordinator, caseId, reason: 'Resolved by phone.' });
    await expect(
      assignCase(deps, { actor: coordinator, caseId, assigneeId: manager.userId }),
    ).rejects.toThrow(ConflictError);
  });
});
