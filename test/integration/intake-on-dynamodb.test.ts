/**
 * The intake use case on the real repository and Amazon's DynamoDB Local: transactions, conditional writes,
 * concurrency. The workflow port is a recording fake so a failure to start can be provoked.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { dynamoStores, type Stores } from '../../functions/adapters/dynamodb/stores';
import { ulidGenerator } from '../../functions/adapters/system';
import { correctCase } from '../../functions/core/case/correct-case';
import { IdempotencyKeyReusedError } from '../../functions/core/errors';
import {
  type IntakeDependencies,
  SWEEP_GRACE_MS,
  startPendingWorkflows,
  submitComplaint,
} from '../../functions/core/intake/submit-complaint';
import type { CaseWorkflow } from '../../functions/core/ports';
import { monthOf } from '../../functions/core/reporting/statistics';
import { acknowledge } from '../../functions/core/review/acknowledge-the-complainant';
import { openCase } from '../../functions/core/review/open-the-case';
import { findCases } from '../../functions/core/search/find-cases';
import { reindexSearchTerms } from '../../infra/ops/search-reindex';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { familyComplaint, selfComplaint } from '../support/fixtures';
import { memoryExecutionArn, TEST_SETTINGS } from '../support/memory';

class RecordingWorkflow implements CaseWorkflow {
  readonly started: string[] = [];
  failing = false;
  async startCaseReview(caseId: string, executionName: string) {
    if (this.failing) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    this.started.push(caseId);
    return { executionArn: memoryExecutionArn(executionName) };
  }
  async completeStep() {
    return false;
  }
  async failStep() {
    return false;
  }
  async stopReview() {}
}

let table: TestTable;
let stores: Stores;
let cases: Stores['cases'];

beforeAll(async () => {
  table = await startTestTable();
  stores = dynamoStores(table.db, table.tableName);
  cases = stores.cases;
});
afterAll(async () => table?.stop());

const arnOf = (caseId: string) => memoryExecutionArn(`case-${caseId}`);

function intake(overrides: Partial<IntakeDependencies> & { prefix?: string } = {}) {
  const workflow = new RecordingWorkflow();
  const { prefix, ...rest } = overrides;
  const deps: IntakeDependencies = {
    ...stores,
    workflow,
    clock: { now: () => new Date() },
    ids: ulidGenerator,
    settings: { ...TEST_SETTINGS, referencePrefix: prefix ?? 'PR' },
    observe: {
      workflowStartDeferred: () => undefined,
      talliesNotRecorded: () => undefined,
      handOverDeferred: () => undefined,
    },
    ...rest,
  };
  return { deps, workflow };
}

describe('intake on DynamoDB Local', () => {
  it('stores the case, its audit trail and its reference claim together', async () => {
    const { deps, workflow } = intake();
    const result = await submitComplaint(deps, {
      complaint: familyComplaint(),
      channel: 'web',
      actor: 'complainant',
    });

    const stored = await cases.getCase(result.caseId);
    expect(stored).toMatchObject({
      reference: result.reference,
      stage: 'intake',
      classification: { kind: 'grievance', ruleId: 'cms-written-complaint' },
      workflow: { executionName: `case-${result.caseId}` },
    });
    // Born complete: its deadlines counted from receipt, awaiting only its workflow's first step.
    expect(stored?.deadlines.respond?.source).toContain('A-0123');
    expect(stored?.workflow.startedAt).toBeUndefined();
    expect(await stores.references.findCaseIdByReference(result.reference)).toBe(result.caseId);
    const audit = (await table.itemsUnder(`CASE#${result.caseId}`)).filter(
      (item) => item.entity === 'AuditEvent',
    );
    expect(audit.map((item) => item.type)).toEqual(['case.received', 'case.classified', 'deadlines.set']);
    expect(workflow.started).toEqual([result.caseId]);
    // Its row in the reports' read model is written with it: an untriaged case is counted as open at once.
    expect((await stores.reports.openCaseFacts()).map((facts) => facts.caseId)).toContain(result.caseId);

    const opened = await openCase(deps, { caseId: result.caseId, executionArn: arnOf(result.caseId) });
    expect(opened).toEqual({ kind: 'grievance', priority: stored?.classification.priority });
    expect((await cases.getCase(result.caseId))?.workflow).toMatchObject({
      executionArn: arnOf(result.caseId),
      startedAt: expect.any(String),
    });
    expect(await cases.listCasesAwaitingWorkflowStart('9999', 1000)).not.toContain(result.caseId);
  });

  it('gives 40 concurrent complaints 40 different references in one unbroken sequence', async () => {
    const { deps } = intake({ prefix: 'CONC' });
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        submitComplaint(deps, { complaint: selfComplaint(), channel: 'web', actor: 'complainant' }),
      ),
    );
    const references = results.map((result) => result.reference);
    expect(new Set(references).size).toBe(40);
    const year = new Date().getFullYear();
    const expected = Array.from(
      { length: 40 },
      (_, index) => `CONC-${year}-${String(index + 1).padStart(6, '0')}`,
    );
    expect([...references].sort()).toEqual(expected);
  });

  it('turns 12 concurrent requests with one Idempotency-Key into exactly one case and one workflow start', async () => {
    const { deps, workflow } = intake({ prefix: 'IDEM' });
    const key = `key-${ulidGenerator.newId()}`;
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        submitComplaint(deps, {
          complaint: familyComplaint(),
          channel: 'web',
          actor: 'complainant',
          idempotencyKey: key,
        }),
      ),
    );
    const caseIds = new Set(results.map((result) => result.caseId));
    expect(caseIds.size).toBe(1);
    expect(new Set(results.map((result) => result.reference)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const [caseId] = caseIds;
    // Losers may have taken a reference number, but only the winner's reference was ever claimed.
    const year = new Date().getFullYear();
    let claimed = 0;
    for (let sequence = 1; sequence <= 12; sequence += 1) {
      const owner = await stores.references.findCaseIdByReference(
        `IDEM-${year}-${String(sequence).padStart(6, '0')}`,
      );
      if (owner) {
        claimed += 1;
        expect(owner).toBe(caseId);
      }
    }
    expect(claimed).toBe(1);
    // Starting is idempotent by execution name, so several starts of one case are one execution.
    expect(new Set(workflow.started)).toEqual(new Set([caseId]));
  });

  it('refuses the same Idempotency-Key with a different complaint', async () => {
    const { deps } = intake();
    const key = `key-${ulidGenerator.newId()}`;
    await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
      idempotencyKey: key,
    });
    await expect(
      submitComplaint(deps, {
        complaint: selfComplaint({ description: 'Something else entirely.' }),
        channel: 'web',
        actor: 'complainant',
        idempotencyKey: key,
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('remembers an Idempotency-Key for 24 hours, then lets DynamoDB TTL remove it', async () => {
    const { deps } = intake();
    const key = `key-${ulidGenerator.newId()}`;
    const result = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
      idempotencyKey: key,
    });
    const item = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: keys.intakeIdempotency(key) }),
    );
    const receivedSeconds = Math.floor(Date.parse(result.receivedAt) / 1000);
    expect(item.Item?.expiresAt).toBe(receivedSeconds + 24 * 60 * 60);
  });

  it('writes nothing at all when one part of the transaction fails', async () => {
    const { deps } = intake({ prefix: 'ATOM' });
    const year = new Date().getFullYear();
    // Someone already holds the reference the next intake will take.
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.reference(`ATOM-${year}-000001`), caseId: 'other' },
      }),
    );
    const key = `key-${ulidGenerator.newId()}`;
    const caseIds = ['01KATOMICITY0000000000000'];
    const ids = { newId: () => caseIds.shift() ?? ulidGenerator.newId() };
    await expect(
      submitComplaint(
        { ...deps, ids },
        { complaint: selfComplaint(), channel: 'web', actor: 'complainant', idempotencyKey: key },
      ),
    ).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await cases.getCase('01KATOMICITY0000000000000')).toBeUndefined();
    expect(await table.itemsUnder('CASE#01KATOMICITY0000000000000')).toEqual([]);
    expect(await stores.intakeIdempotency.findIdempotencyRecord(key)).toBeUndefined();
  });

  it('keeps a case whose workflow could not start, and the sweeper starts it later', async () => {
    const { deps, workflow } = intake();
    workflow.failing = true;
    const deferred: string[] = [];
    const result = await submitComplaint(
      { ...deps, observe: { ...deps.observe, workflowStartDeferred: (caseId) => deferred.push(caseId) } },
      { complaint: selfComplaint(), channel: 'web', actor: 'complainant' },
    );
    expect(deferred).toEqual([result.caseId]);
    expect((await cases.getCase(result.caseId))?.workflow.startedAt).toBeUndefined();

    // Too young: the sweeper leaves it to the request that may still be starting it.
    workflow.failing = false;
    expect(await startPendingWorkflows(deps)).toMatchObject({ started: 0 });

    const later = { ...deps, clock: { now: () => new Date(Date.now() + SWEEP_GRACE_MS + 1_000) } };
    const swept = await startPendingWorkflows(later);
    expect(swept.started).toBeGreaterThanOrEqual(1);
    expect(workflow.started).toContain(result.caseId);
    // Once its first step has run it leaves the index: a later sweep does not start it again.
    await openCase(deps, { caseId: result.caseId, executionArn: arnOf(result.caseId) });
    expect((await cases.getCase(result.caseId))?.workflow.startedAt).toBeDefined();
    workflow.started.length = 0;
    await startPendingWorkflows(later);
    expect(workflow.started).not.toContain(result.caseId);
  });

  it('a retry with the same Idempotency-Key finishes a start that failed the first time', async () => {
    const { deps, workflow } = intake();
    workflow.failing = true;
    const key = `key-${ulidGenerator.newId()}`;
    const request = {
      complaint: selfComplaint(),
      channel: 'web' as const,
      actor: 'complainant',
      idempotencyKey: key,
    };
    const first = await submitComplaint(deps, request);
    workflow.failing = false;
    const retry = await submitComplaint(deps, request);
    expect(retry).toMatchObject({ caseId: first.caseId, reference: first.reference, replayed: true });
    expect(workflow.started).toEqual([first.caseId]);
  });
});

describe('dashboard counters on DynamoDB Local', () => {
  it('keep a fixed set of attribute names however many different categories complainants type', async () => {
    const { deps } = intake({ prefix: 'ST' });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        submitComplaint(deps, {
          complaint: selfComplaint({
            category: `${index}-${'c'.repeat(95)}`,
            department: `${index}-${'d'.repeat(195)}`,
          }),
          channel: 'web',
          actor: 'complainant',
        }),
      ),
    );
    expect(new Set(results.map((result) => result.caseId)).size).toBe(30);
    const month = monthOf(new Date(), 'America/New_York');
    const counters = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: keys.statistics(month) }),
    );
    const names = Object.keys(counters.Item ?? {}).filter((name) => !['pk', 'sk', 'entity'].includes(name));
    expect(names.sort()).toEqual(['channel:web', 'kind:grievance', 'received']);
    expect(counters.Item?.received).toBeGreaterThanOrEqual(30);
  });

  it('count labels staff chose as values of small items, listed largest first', async () => {
    const period = 'month:2031-01';
    await stores.statistics.add([
      { period, dimension: 'category', label: 'Parking' },
      { period, dimension: 'category', label: 'Food' },
      { period, dimension: 'category', label: 'Food' },
      { period, dimension: 'department', label: 'x'.repeat(5_000) },
    ]);
    expect(await stores.statistics.getBreakdown(period, 'category', 10)).toEqual({ Food: 2, Parking: 1 });
    expect(Object.keys(await stores.statistics.getBreakdown(period, 'department', 10))[0]).toHaveLength(200);
    await expect(
      stores.statistics.add([{ period, increments: { 'category:Whatever a person typed': 1 } }]),
    ).rejects.toThrow('counter name');
  });
});

describe('workflow steps on DynamoDB Local', () => {
  it('sets deadlines once and sends one acknowledgement however often the steps run', async () => {
    const { deps } = intake();
    const { caseId } = await submitComplaint(deps, {
      complaint: familyComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    const execution = { caseId, executionArn: arnOf(caseId) };
    await Promise.all([openCase(deps, execution), openCase(deps, execution)]);
    const opened = await cases.getCase(caseId);
    expect(opened?.deadlines.respond?.source).toContain('A-0123');

    const sent: string[] = [];
    const mailer = {
      send: async (email: { to: string }) => {
        sent.push(email.to);
        return { messageId: `<${sent.length}@email.amazonses.com>` };
      },
    };
    expect(await acknowledge({ ...deps, ...stores, mailer }, caseId)).toEqual({ sent: true });
    expect(await acknowledge({ ...deps, ...stores, mailer }, caseId)).toEqual({ sent: false });
    expect(sent).toHaveLength(1);
    const items = await table.itemsUnder(`CASE#${caseId}`);
    expect(items.filter((item) => item.entity === 'Correspondence')).toHaveLength(1);
    expect(items.filter((item) => item.type === 'deadlines.set')).toHaveLength(1);
    expect((await cases.getCase(caseId))?.acknowledgement?.messageId).toBe('<1@email.amazonses.com>');
    // Replies quoting the acknowledgement's Message-ID find the case (threading by In-Reply-To).
    expect(await stores.threads.findCaseIdByMessageId('<1@email.amazonses.com>')).toBe(caseId);
  });
});

describe('search on DynamoDB Local', () => {
  it('indexes what a case is found by in its own transaction, and follows a correction', async () => {
    const { deps } = intake();
    const surname = `Quill${ulidGenerator.newId().slice(-6).toLowerCase()}`;
    const { caseId } = await submitComplaint(deps, {
      complaint: familyComplaint({
        complainant: { name: `Zoë ${surname}`, email: `${surname}@example.net`, relationship: 'family' },
      }),
      channel: 'web',
      actor: 'complainant',
    });
    const searchDeps = { ...deps, ...stores, clock: { now: () => new Date() }, ids: ulidGenerator };
    const staff = {
      userId: 'u-casey',
      email: 'c@example.org',
      name: 'Casey',
      roles: ['coordinator' as const],
    };
    const found = async (q: string) => (await findCases(searchDeps, staff, q)).results.map((r) => r.caseId);
    expect(await found(`${surname.slice(0, 7)} zoe`)).toEqual([caseId]);
    expect(await found(`${surname}@EXAMPLE.net`)).toEqual([caseId]);

    await correctCase(searchDeps, {
      actor: staff,
      caseId,
      changes: { complainant: { email: `new.${surname}@example.net` } },
    });
    expect(await found(`new.${surname}@example.net`)).toEqual([caseId]);
    // The replaced term's item stays until TTL takes it, marked retired; it no longer finds the case.
    expect(await found(`${surname}@example.net`)).toEqual([]);
    const retired = await stores.cases.findCaseIdsByTerm(
      { kind: 'email', value: `${surname.toLowerCase()}@example.net`, prefix: false },
      10,
    );
    expect(retired).toEqual([]);
  });

  it('re-indexes a case stored without its term items (a change of key design), idempotently', async () => {
    const { deps } = intake();
    const { caseId } = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    const record = (await cases.getCase(caseId)) as NonNullable<Awaited<ReturnType<typeof cases.getCase>>>;
    // The same case written as if before the term items existed: the case item alone, under a new id.
    const orphanId = ulidGenerator.newId();
    const email = `orphan.${orphanId.toLowerCase()}@example.net`;
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.case(orphanId),
          entity: 'Case',
          ...record,
          caseId: orphanId,
          complaint: { ...record.complaint, complainant: { ...record.complaint.complainant, email } },
        },
      }),
    );
    const byEmail = () => cases.findCaseIdsByTerm({ kind: 'email', value: email, prefix: false }, 10);
    expect(await byEmail()).toEqual([]);
    const first = await reindexSearchTerms(table.db, table.tableName);
    expect(await byEmail()).toEqual([orphanId]);
    const second = await reindexSearchTerms(table.db, table.tableName);
    expect(second.terms).toBe(first.terms);
    expect(await byEmail()).toEqual([orphanId]);
  });
});

describe('the staff directory on DynamoDB Local', () => {
  it('finds whom a member covers by the last day away, and a refresh of who they are keeps the absence', async () => {
    const riley = {
      userId: 'u-riley-cover',
      email: 'r@example.org',
      name: 'Riley',
      roles: ['representative' as const],
    };
    await stores.staff.upsert(riley);
    const away = {
      coverId: 'u-robin-cover',
      coverName: 'Robin',
      until: '2026-11-04',
      setBy: 'u-casey',
      setAt: '2026-11-02T14:00:00.000Z',
    };
    expect(await stores.staff.setAway(riley.userId, away)).toBe(true);
    expect(await stores.staff.setAway('u-nobody', away)).toBe(false);
    // The identity provider renames Riley: the absence stays.
    await stores.staff.upsert({ ...riley, name: 'Riley R.' });
    expect(await stores.staff.get(riley.userId)).toMatchObject({ name: 'Riley R.', away });
    expect(await stores.staff.listCovered('u-robin-cover', '2026-11-04')).toEqual([riley.userId]);
    expect(await stores.staff.listCovered('u-robin-cover', '2026-11-05')).toEqual([]);
    await stores.staff.setAway(riley.userId, undefined);
    expect((await stores.staff.get(riley.userId))?.away).toBeUndefined();
    expect(await stores.staff.listCovered('u-robin-cover', '2026-11-01')).toEqual([]);
  });
});

describe("the hospital's lists on DynamoDB Local", () => {
  it('save only on the version they were read at, each with its change, and list the changes newest first', async () => {
    const lists = (version: number, name: string) => ({
      facilities: [{ id: 'a', name, active: true }],
      departments: [],
      categories: [],
      version,
    });
    const change = (at: string, name: string) => ({
      kind: 'facilities' as const,
      at,
      by: 'u-morgan',
      byName: 'Morgan',
      before: [],
      after: [{ id: 'a', name, active: true }],
    });
    expect(await stores.lists.get()).toBeUndefined();
    expect(await stores.lists.save(lists(1, 'One'), 0, change('2026-11-02T10:00:00.000Z', 'One'))).toBe(true);
    // A second first save, and a save on a version already replaced, lose: nothing of theirs is written.
    expect(await stores.lists.save(lists(1, 'Other'), 0, change('2026-11-02T10:30:00.000Z', 'Other'))).toBe(
      false,
    );
    expect(await stores.lists.save(lists(2, 'Two'), 1, change('2026-11-02T11:00:00.000Z', 'Two'))).toBe(true);
    expect(await stores.lists.save(lists(2, 'Late'), 1, change('2026-11-02T12:00:00.000Z', 'Late'))).toBe(
      false,
    );
    expect(await stores.lists.get()).toEqual(lists(2, 'Two'));
    expect((await stores.lists.recentChanges(10)).map((entry) => entry.after[0]?.name)).toEqual([
      'Two',
      'One',
    ]);
  });
});
