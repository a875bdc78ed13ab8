/**
 * The append-only change history on the local stack: the table's stream (DynamoDB Local) goes to archiveChanges,
 * which keeps each change, before and after, once, in the history bucket (s3rver, write-once by If-None-Match as
 * S3 conditional writes are in AWS, where Object Lock also keeps them six years). What a withdrawal overwrote on
 * the case item can be read back from it.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivedChange } from '../../functions/core/history/archive-changes';
import { ConsoleClient } from '../support/console-client';
import { familyComplaint } from '../support/fixtures';
import { stackS3, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
let stack: TestStack;
let s3: S3Client;

beforeAll(async () => {
  stack = await startTestStack();
  s3 = stackS3(stack);
});
afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
});

async function archived(): Promise<{ key: string; change: ArchivedChange }[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: stack.names.historyBucket, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    token = page.NextContinuationToken;
  } while (token);
  return Promise.all(
    keys.map(async (key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: stack.names.historyBucket, Key: key }));
      return { key, change: JSON.parse(await (object.Body?.transformToString() ?? '{}')) as ArchivedChange };
    }),
  );
}

describe('the change history', () => {
  it('keeps every change of a case with the item before and after it, and what was overwritten', async () => {
    const submitted = await fetch(`${stack.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(familyComplaint()),
    });
    expect(submitted.status).toBe(201);
    const { caseId } = (await submitted.json()) as { caseId: string };
    const api = new ConsoleClient(stack.url);
    const withdrawn = await api.post(COORDINATOR, `/api/cases/${caseId}/withdraw`, {
      reason: 'The family resolved it with the ward.',
    });
    expect(withdrawn.status).toBeLessThan(300);
    await stack.changesArchived();

    const changes = (await archived()).filter(({ change }) => change.caseId === caseId);
    const caseItem = changes
      .map(({ change }) => change)
      .filter((change) => change.keys.pk === `CASE#${caseId}` && change.keys.sk === 'CASE')
      // Stream times are whole seconds; the item's version orders its changes.
      .sort((a, b) => Number(a.after?.version) - Number(b.after?.version));
    expect(caseItem[0]?.kind).toBe('insert');
    expect(caseItem[0]?.before).toBeUndefined();
    expect(caseItem.slice(1).map((change) => change.kind)).toEqual(caseItem.slice(1).map(() => 'modify'));
    // The withdrawal overwrote the case item in place; its earlier state is still here.
    const withdrawal = caseItem.find((change) => change.after?.stage === 'withdrawn');
    expect(withdrawal?.kind).toBe('modify');
    expect(withdrawal?.before?.stage).not.toBe('withdrawn');
    expect(withdrawal?.before?.complaint).toEqual(withdrawal?.after?.complaint);
    // The audit events are in it too, each written once.
    const audit = changes.filter(({ change }) => String(change.keys.sk).startsWith('AUDIT#'));
    expect(audit.map(({ change }) => change.kind)).toEqual(audit.map(() => 'insert'));
    expect(audit.map(({ change }) => change.after?.type)).toEqual(expect.arrayContaining(['case.withdrawn']));
    // Object names carry the date and the change id, never a table key (some hold addresses).
    for (const { key } of changes) expect(key).toMatch(/^changes\/\d{4}\/\d{2}\/\d{2}\/[^#@]+\.json$/);
  });

  it('gathers changes as the mapping in the template does: writes spread over 1.5 s go in one delivery', async () => {
    expect(stack.deployment.changeStream).toMatchObject({
      target: 'archiveChanges',
      batchingWindowSeconds: 5,
    });
    await stack.changesArchived();
    const deliveries = () =>
      stack.runtime.invocations.filter((each) => each.function === 'archiveChanges').length;
    const before = deliveries();
    // Polled every 200 ms without a window, these five would go in about five deliveries.
    for (let index = 0; index < 5; index += 1) {
      await stack.db.send(
        new PutCommand({ TableName: stack.names.table, Item: { pk: 'TEST#batching', sk: String(index) } }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await stack.changesArchived();
    // One, or two on a machine so loaded that the writes outlast the five-second window.
    expect(deliveries() - before).toBeGreaterThanOrEqual(1);
    expect(deliveries() - before).toBeLessThanOrEqual(2);
    const batched = (await archived()).filter(({ change }) => change.keys.pk === 'TEST#batching');
    expect(batched).toHaveLength(5);
  });

  it('keeps a change once however often it is delivered, and never lets a redelivery rewrite it', async () => {
    await stack.changesArchived();
    const before = await archived();
    const [first] = before;
    if (!first) throw new Error('nothing archived');
    const forged = {
      Records: [
        {
          eventID: first.change.id,
          eventName: 'MODIFY',
          dynamodb: {
            ApproximateCreationDateTime: Date.parse(first.change.at) / 1000,
            Keys: { pk: { S: 'CASE#X' }, sk: { S: 'CASE' } },
            NewImage: { pk: { S: 'CASE#X' }, sk: { S: 'CASE' }, stage: { S: 'rewritten' } },
            SequenceNumber: '1',
          },
        },
      ],
    };
    expect(await stack.runtime.invoke('archiveChanges', forged)).toEqual({ batchItemFailures: [] });
    const after = await archived();
    expect(after).toHaveLength(before.length);
    expect(after.find(({ key }) => key === first.key)?.change).toEqual(first.change);
  });
});
