/**
 * The lifecycle's race handling on DynamoDB Local, with a scripted workflow port: a completion whose token went
 * stale (a clock re-armed the wait) is kept and handed over at the next arm; a second completion gets 409; a
 * withdrawal reaches an execution that was between waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/adapters/dynamodb/stores';
import { ulidGenerator } from '../../functions/adapters/system';
import type { Actor } from '../../functions/core/access/roles';
import type { Dependencies } from '../../functions/core/dependencies';
import { ConflictError } from '../../functions/core/errors';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { completeTask } from '../../functions/core/review/complete-step';
import { openCase } from '../../functions/core/review/open-the-case';
import { reopenCase } from '../../functions/core/review/reopen-case';
import { armHumanTask, CASE_WITHDRAWN_ERROR } from '../../functions/core/review/wait-for-step';
import { withdrawCase } from '../../functions/core/review/withdraw-case';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { selfComplaint } from '../support/fixtures';
import {
  MemoryBlobs,
  MemoryChangeArchive,
  MemoryIdentity,
  MemoryReportExports,
  memoryExecutionArn,
  ScriptedWorkflow,
  TEST_SETTINGS,
} from '../support/memory';

const coordinator: Actor = {
  userId: 'u-coord',
  email: 'c@example.org',
  name: 'Casey',
  roles: ['coordinator'],
};
let table: TestTable;
let deps: Dependencies;
let workflow: ScriptedWorkflow;

beforeAll(async () => {
  table = await startTestTable();
  workflow = new ScriptedWorkflow();
  const stores = dynamoStores(table.db, table.tableName);
  await stores.staff.upsert({
    userId: 'u-rep',
    email: 'r@example.org',
    name: 'Riley',
    roles: ['representative'],
  });
  const blobs = new MemoryBlobs();
  deps = {
    ...stores,
    workflow,
    mailer: { send: async () => ({ messageId: '<m@email.amazonses.com>' }) },
    blobs,
    uploads: blobs,
    history: new MemoryChangeArchive(),
    exports: new MemoryReportExports(),
    identity: new MemoryIdentity(),
    clock: { now: () => new Date() },
    ids: ulidGenerator,
    settings: TEST_SETTINGS,
    observe: {
      workflowStartDeferred: () => undefined,
      talliesNotRecorded: () => undefined,
      handOverDeferred: () => undefined,
    },
  };
});
afterAll(async () => table?.stop());

async function caseAtTriage(token: string) {
  const { caseId } = await submitComplaint(
    { ...deps, settings: { ...TEST_SETTINGS, referencePrefix: 'LC' } },
    { complaint: selfComplaint(), channel: 'web', actor: 'complainant' },
  );
  await openCase(deps, { caseId, executionArn: workflow.latestExecutionArn(caseId) });
  workflow.live.add(token);
  const { taskId } = await armHumanTask(deps, { caseId, step: 'triage', taskToken: token });
  return { caseId, taskId: taskId as string };
}

const assign = {
  outcome: 'assign',
  type: 'grievance',
  category: 'Care',
  priority: 'routine',
  assigneeId: 'u-rep',
};

describe('completions racing clock timers', () => {
  it('keeps a completion whose token went stale and hands it over at the next arm', async () => {
    const { caseId, taskId } = await caseAtTriage('token-1');
    // A clock fired: token-1 timed out; the execution is between "fired" and the next arm.
    workflow.live.delete('token-1');
    const done = await completeTask(deps, { actor: coordinator, taskId, body: assign });
    expect(done.outcome).toBe('assign');
    expect(workflow.delivered).toEqual([]);
    expect((await deps.cases.getTask(caseId, taskId))?.delivered).toBeUndefined();
    // On the sweeper's index of undelivered steps until the workflow has it.
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await deps.cases.listUndeliveredTasks(later, 100)).map((task) => task.taskId)).toContain(taskId);

    // The next arm of the same step gets the recorded outcome straight away.
    workflow.live.add('token-2');
    const armed = await armHumanTask(deps, { caseId, step: 'triage', taskToken: 'token-2' });
    expect(armed).toMatchObject({ taskId, delivered: true });
    expect(workflow.delivered).toEqual([{ token: 'token-2', outcome: { outcome: 'assign' } }]);
    expect((await deps.cases.getTask(caseId, taskId))?.delivered).toBe(true);
    expect((await deps.cases.listUndeliveredTasks(later, 100)).map((task) => task.taskId)).not.toContain(
      taskId,
    );
    expect((await deps.cases.getCase(caseId))?.assignee?.userId).toBe('u-rep');
  });

  it('re-arms an open task with the new token instead of opening a second one', async () => {
    const { caseId, taskId } = await caseAtTriage('token-3');
    workflow.live.add('token-4');
    expect((await armHumanTask(deps, { caseId, step: 'triage', taskToken: 'token-4' })).taskId).toBe(taskId);
    expect((await deps.cases.getTask(caseId, taskId))?.taskToken).toBe('token-4');
    // A redelivered arm with the same token changes nothing.
    expect((await armHumanTask(deps, { caseId, step: 'triage', taskToken: 'token-4' })).taskId).toBe(taskId);
    const { tasks } = await deps.cases.caseTimeline(caseId);
    expect(tasks).toHaveLength(1);
  });

  it('lets only one of two simultaneous completions win; the other gets 409', async () => {
    const { taskId } = await caseAtTriage('token-5');
    const results = await Promise.allSettled([
      completeTask(deps, { actor: coordinator, taskId, body: assign }),
      completeTask(deps, { actor: { ...coordinator, userId: 'u-coord-2' }, taskId, body: assign }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
  });
});

describe('withdrawal between waits', () => {
  it('ends the execution at its next arm when the token was stale at withdrawal', async () => {
    const { caseId } = await caseAtTriage('token-6');
    workflow.live.delete('token-6');
    await withdrawCase(deps, { actor: coordinator, caseId, reason: 'Asked to stop' });
    expect(workflow.failed).toEqual([]);
    workflow.live.add('token-7');
    expect(await armHumanTask(deps, { caseId, step: 'triage', taskToken: 'token-7' })).toEqual({
      withdrawn: true,
    });
    expect(workflow.failed).toEqual([{ token: 'token-7', error: CASE_WITHDRAWN_ERROR }]);
  });
});

describe('reopening when the new execution cannot start at once', () => {
  it('leaves the reopened case for the sweeper, which starts the reopen execution, not the first one', async () => {
    const { startPendingWorkflows, SWEEP_GRACE_MS } = await import(
      '../../functions/core/intake/submit-complaint'
    );
    const { caseId } = await caseAtTriage('token-8');
    await withdrawCase(deps, { actor: coordinator, caseId, reason: 'Asked to stop' });
    const failing: Dependencies = {
      ...deps,
      workflow: {
        startCaseReview: async () => Promise.reject(new Error('throttled')),
        completeStep: (token, outcome) => workflow.completeStep(token, outcome),
        failStep: (token, error) => workflow.failStep(token, error),
        stopReview: async () => undefined,
      },
    };
    await expect(reopenCase(failing, { actor: coordinator, caseId, reason: 'Back' })).rejects.toThrow(
      'throttled',
    );
    const started: string[] = [];
    const later = new Date(Date.now() + SWEEP_GRACE_MS + 60_000);
    await startPendingWorkflows({
      ...deps,
      clock: { now: () => later },
      workflow: {
        completeStep: (token, outcome) => workflow.completeStep(token, outcome),
        failStep: (token, error) => workflow.failStep(token, error),
        stopReview: async () => undefined,
        startCaseReview: async (_id: string, name: string) => {
          started.push(name);
          return { executionArn: `arn:aws:states:us-east-1:0:execution:m:${name}` };
        },
      },
    });
    expect(started).toContain(`case-${caseId}-reopen-1`);
    // Still awaiting until the reopen execution's first step runs; the first execution's cannot claim it.
    const opening = (name: string) =>
      openCase({ ...deps, clock: { now: () => later } }, { caseId, executionArn: memoryExecutionArn(name) });
    await opening(`case-${caseId}`);
    expect((await deps.cases.getCase(caseId))?.workflow.startedAt).toBeUndefined();
    await opening(`case-${caseId}-reopen-1`);
    expect((await deps.cases.getCase(caseId))?.workflow).toMatchObject({
      executionArn: memoryExecutionArn(`case-${caseId}-reopen-1`),
      startedAt: later.toISOString(),
    });
  });
});

describe('the sent-mail record of an email whose send failed', () => {
  it('is released, not deleted, and the retry claims it and records the send', async () => {
    const key = `acknowledgement:${ulidGenerator.newId()}`;
    expect(await deps.sentMail.claim(key, 'first', '2026-11-30T10:00:00.000Z')).toBeUndefined();
    await deps.sentMail.release(key, '2026-11-30T10:00:01.000Z');
    // The record of the failed attempt stays.
    expect(await deps.sentMail.find(key)).toMatchObject({
      fingerprint: 'first',
      releasedAt: expect.any(String),
    });
    expect(await deps.sentMail.claim(key, 'second', '2026-11-30T10:00:05.000Z')).toBeUndefined();
    await deps.sentMail.markSent(key, 'message-1', '2026-11-30T10:00:06.000Z');
    // A sent email is never released, and its claim is not taken again.
    await deps.sentMail.release(key, '2026-11-30T10:00:07.000Z');
    expect(await deps.sentMail.claim(key, 'third', '2026-11-30T10:00:08.000Z')).toMatchObject({
      fingerprint: 'second',
      messageId: 'message-1',
    });
    expect((await deps.sentMail.find(key))?.releasedAt).toBeUndefined();
  });
});

describe('the acknowledgement count of one address', () => {
  it('takes up to the limit per window, counts a retry once, and opens a new window when it ends', async () => {
    const address = `${ulidGenerator.newId()}@example.com`;
    const at = new Date('2026-11-30T10:00:00Z');
    const claim = (holder: string, when = at) =>
      deps.autoReplies.claimAcknowledgement(address, when, 86_400, 2, holder);
    expect(await claim('case-1')).toBe(true);
    expect(await claim('case-1')).toBe(true);
    expect(await claim('case-2')).toBe(true);
    expect(await claim('case-3')).toBe(false);
    // Case and address are told apart from other addresses; the key holds a hash, not the address.
    expect(await deps.autoReplies.claimAcknowledgement(address.toUpperCase(), at, 86_400, 2, 'case-4')).toBe(
      false,
    );
    const later = new Date(at.getTime() + 86_401_000);
    expect(await claim('case-3', later)).toBe(true);
    // Two at once for the last place: one wins.
    const racing = await Promise.all([claim('case-5', later), claim('case-6', later)]);
    expect(racing.filter(Boolean)).toHaveLength(1);
  });
});

describe("the reports' read model", () => {
  it("keeps each case's facts with every save, found by a key query on the months received", async () => {
    const { caseId } = await caseAtTriage('token-facts');
    const record = await deps.cases.getCase(caseId);
    const receivedAt = record?.receivedAt as string;
    const day = receivedAt.slice(0, 10);
    const around = (hours: number) => new Date(Date.parse(receivedAt) + hours * 3_600_000).toISOString();
    const facts = await deps.reports.caseFactsReceived(around(-1), around(1));
    expect(facts.find((each) => each.caseId === caseId)).toMatchObject({
      reference: record?.reference,
      receivedAt,
      type: 'grievance',
      channel: 'web',
    });
    // Nothing of the people or their words: the facts carry no name, email or description.
    const stored = JSON.stringify(facts.find((each) => each.caseId === caseId));
    expect(stored).not.toContain(selfComplaint().complainant.name);
    expect(stored).not.toContain(selfComplaint().description);
    // A range that ends before the case was received leaves it out; one across a month boundary reads both months.
    expect(
      (await deps.reports.caseFactsReceived(around(-48), around(-1))).map((each) => each.caseId),
    ).not.toContain(caseId);
    const wide = await deps.reports.caseFactsReceived(`${day.slice(0, 8)}01T00:00:00.000Z`, around(24 * 40));
    expect(wide.map((each) => each.caseId)).toContain(caseId);
  });

  it('finds the open cases, and a closed case by the month it closed (what the KO41a return counts)', async () => {
    const { caseId } = await caseAtTriage('token-facts-closed');
    expect((await deps.reports.openCaseFacts()).map((each) => each.caseId)).toContain(caseId);
    await withdrawCase(deps, { actor: coordinator, caseId, reason: 'Asked to stop' });
    const closedAt = (await deps.cases.getCase(caseId))?.closure?.closedAt as string;
    expect((await deps.reports.openCaseFacts()).map((each) => each.caseId)).not.toContain(caseId);
    const around = (hours: number) => new Date(Date.parse(closedAt) + hours * 3_600_000).toISOString();
    const closed = await deps.reports.caseFactsClosed(around(-1), around(1));
    expect(closed.find((each) => each.caseId === caseId)).toMatchObject({ outcome: 'withdrawn', closedAt });
    expect(
      (await deps.reports.caseFactsClosed(around(1), around(2))).map((each) => each.caseId),
    ).not.toContain(caseId);
  });
});

describe('managed documents', () => {
  it('saves a document only from the version read, each change kept beside it', async () => {
    const change = (version: number) => ({
      at: new Date().toISOString(),
      by: 'u-m',
      byName: 'M',
      version,
      before: null,
      after: null,
    });
    expect(await deps.documents.get('test-document')).toBeUndefined();
    expect(await deps.documents.save('test-document', { version: 1, words: 'one' }, 0, change(1))).toBe(true);
    expect(await deps.documents.save('test-document', { version: 1, words: 'again' }, 0, change(1))).toBe(
      false,
    );
    expect(await deps.documents.save('test-document', { version: 2, words: 'two' }, 1, change(2))).toBe(true);
    expect(await deps.documents.save('test-document', { version: 2, words: 'stale' }, 1, change(2))).toBe(
      false,
    );
    expect(await deps.documents.get('test-document')).toEqual({ version: 2, words: 'two' });
    expect((await deps.documents.recentChanges('test-document', 5)).map((each) => each.version)).toEqual([
      2, 1,
    ]);
  });
});
