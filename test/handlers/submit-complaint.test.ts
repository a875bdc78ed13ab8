/**
 * POST /api/complaints as Lambda receives it, with DynamoDB and Step Functions mocked (aws-sdk-client-mock):
 * the HTTP contract (201, 400 with field reasons, 413, 415, 422, 500 without internals) and what reaches AWS.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashComplaint } from '../../functions/core/intake/submit-complaint';
import { httpEvent, lambdaContext } from '../support/api-events';
import { familyComplaint, phiIn, selfComplaint } from '../support/fixtures';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:liaison-case-review';
Object.assign(process.env, {
  TABLE_NAME: 'liaison-test',
  CASE_WORKFLOW_ARN: STATE_MACHINE_ARN,
  REFERENCE_PREFIX: 'PR',
  ORGANIZATION_TIME_ZONE: 'America/New_York',
  SLA_POLICY: 'us-cms-hospital',
  ATTACHMENT_BUCKET: 'liaison-attachments-test',
  DATA_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/liaison-test',
  // Upload grants are signed locally (no request): any credentials will do.
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
type Handler = (
  event: APIGatewayProxyEventV2,
  context: typeof lambdaContext,
) => Promise<{
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}>;
let handler: Handler;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/handlers/http/submit-complaint')) as unknown as {
    handler: Handler;
  });
});

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  dynamo.on(UpdateCommand).resolves({ Attributes: { sequence: 7 } });
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
  sfn.on(StartExecutionCommand).callsFake(async (input: { name: string }) => ({
    executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date(),
  }));
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return handler(
    httpEvent('POST', '/api/complaints', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    }),
    lambdaContext,
  );
}

describe('POST /api/complaints', () => {
  it('answers 201 with the case id and reference, and stores the case in one transaction', async () => {
    const response = await post(familyComplaint());
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body);
    expect(body.reference).toBe(`PR-${new Date().getFullYear()}-000007`);
    expect(body.caseId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(response.headers.Location).toBe(`/api/cases/${body.caseId}`);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['Cache-Control']).toBe('no-store');

    const [transaction] = dynamo.commandCalls(TransactWriteCommand);
    const items = transaction?.args[0].input.TransactItems ?? [];
    const puts = items.filter(
      (item) => item.Put && !['SearchTerm', 'CaseFacts'].includes(item.Put.Item?.entity),
    );
    expect(puts.map((item) => item.Put?.Item?.entity)).toEqual([
      'Case',
      'ReferenceClaim',
      'AuditEvent',
      'AuditEvent',
      'AuditEvent',
    ]);
    // Its row in the reports' read model is born with it.
    const facts = items.filter((item) => item.Put?.Item?.entity === 'CaseFacts');
    expect(facts.map((item) => item.Put?.Item?.caseId)).toEqual([body.caseId]);
    // Born with its deadlines: the workflow's first step has nothing to write but that it runs.
    const stored = puts[0]?.Put?.Item;
    expect(stored?.deadlines?.respond?.dueAt).toEqual(expect.any(String));
    expect(puts.map((item) => item.Put?.Item?.type).filter(Boolean)).toEqual([
      'case.received',
      'case.classified',
      'deadlines.set',
    ]);
    expect(puts.every((item) => item.Put?.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
    // What the case can be found by is indexed in the same transaction (names, email, phone, MRN, birth date).
    const terms = items.filter((item) => item.Put?.Item?.entity === 'SearchTerm');
    expect(terms.length).toBeGreaterThanOrEqual(5);
    expect(terms.every((item) => item.Put?.Item?.caseId === body.caseId)).toBe(true);
    // The dashboard's monthly counter moves after the transaction, never in it: it cannot fail the intake.
    expect(items.filter((item) => item.Update)).toEqual([]);
    const counters = dynamo
      .commandCalls(UpdateCommand)
      .filter((call) => String(call.args[0].input.Key?.pk).startsWith('STATS#'));
    expect(counters.map((call) => call.args[0].input.Key?.pk)).toEqual([
      expect.stringMatching(/^STATS#month:\d{4}-\d{2}$/),
    ]);
  });

  it('grants one upload per listed file, pinned to its key, type, size and the data key', async () => {
    const response = await post(
      familyComplaint({
        attachments: [
          { filename: 'photo.jpg', contentType: 'image/jpeg', size: 2_000_000 },
          { filename: 'letter.pdf', contentType: 'application/pdf', size: 300_000 },
        ],
      }),
    );
    expect(response.statusCode).toBe(201);
    const { caseId, uploads } = JSON.parse(response.body) as {
      caseId: string;
      uploads: { index: number; url: string; fields: Record<string, string> }[];
    };
    expect(uploads.map((upload) => upload.fields.key)).toEqual([
      `uploads/${caseId}/0`,
      `uploads/${caseId}/1`,
    ]);
    const policy = JSON.parse(Buffer.from(uploads[0]?.fields.Policy ?? '', 'base64').toString('utf8')) as {
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 2_000_000],
        ['eq', '$Content-Type', 'image/jpeg'],
        ['eq', '$x-amz-server-side-encryption', 'aws:kms'],
        { key: `uploads/${caseId}/0` },
        { bucket: 'liaison-attachments-test' },
      ]),
    );
    // No file names or complaint text in the URLs or the policy's key.
    expect(phiIn(JSON.stringify(uploads.map((upload) => [upload.url, upload.fields.key])))).toEqual([]);
  });

  it('starts the review workflow with the caseId only, named after the case', async () => {
    const response = await post(familyComplaint());
    const { caseId } = JSON.parse(response.body);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE_ARN,
      name: `case-${caseId}`,
      input: JSON.stringify({ caseId }),
    });
    expect(phiIn(JSON.stringify(start?.args[0].input))).toEqual([]);
  });

  it('answers 400 naming each invalid field, and stores nothing', async () => {
    const response = await post({
      complainant: { name: '', email: 'nope', relationship: 'family' },
      contactPreference: 'email',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toContain('application/problem+json');
    const body = JSON.parse(response.body);
    const fields = body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['complainant.name', 'complainant.email', 'description', 'patient']),
    );
    expect(dynamo.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 400 when the body is not JSON', async () => {
    const response = await post('{"complainant": ');
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([
      { field: '', message: 'The request body is not valid JSON.' },
    ]);
  });

  it('answers 415 to anything but JSON', async () => {
    const response = await handler(
      httpEvent('POST', '/api/complaints', {
        body: 'name=Ann',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(415);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 413 over 64 KB, also when API Gateway base64-encodes the body', async () => {
    const big = JSON.stringify(selfComplaint({ desiredOutcome: 'x'.repeat(70_000) }));
    const response = await handler(
      httpEvent('POST', '/api/complaints', {
        body: Buffer.from(big).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(413);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('accepts a base64-encoded JSON body', async () => {
    const response = await handler(
      httpEvent('POST', '/api/complaints', {
        body: Buffer.from(JSON.stringify(selfComplaint())).toString('base64'),
        isBase64Encoded: true,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(201);
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const response = await post(selfComplaint(), { 'Idempotency-Key': 'short' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].field).toBe('Idempotency-Key');
  });

  it('replays the first answer for a known Idempotency-Key and the same body', async () => {
    const complaint = selfComplaint();
    dynamo.on(GetCommand).resolves({
      Item: {
        key: 'retry-key-0001',
        requestHash: hashComplaint(complaint, 'web'),
        caseId: '01KREPLAYED000000000000000',
        reference: 'PR-2026-000003',
        receivedAt: '2026-11-22T10:00:00.000Z',
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    dynamo.on(GetCommand, { Key: { pk: 'CASE#01KREPLAYED000000000000000', sk: 'CASE' } }).resolves({
      Item: { caseId: '01KREPLAYED000000000000000', workflow: { startedAt: '2026-11-22T10:00:01.000Z' } },
    });
    dynamo.on(TransactWriteCommand).callsFake(keyTaken);
    const response = await post(complaint, { 'Idempotency-Key': 'retry-key-0001' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['Idempotent-Replayed']).toBe('true');
    expect(JSON.parse(response.body)).toMatchObject({
      caseId: '01KREPLAYED000000000000000',
      reference: 'PR-2026-000003',
    });
    // The transaction refused the key; the earlier answer was read only then, and no second workflow started.
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 422 when an Idempotency-Key is reused for a different complaint', async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        key: 'retry-key-0002',
        requestHash: 'a-different-hash',
        caseId: '01KREPLAYED000000000000000',
        reference: 'PR-2026-000003',
        receivedAt: '2026-11-22T10:00:00.000Z',
      },
    });
    dynamo.on(TransactWriteCommand).callsFake(keyTaken);
    const response = await post(selfComplaint(), { 'Idempotency-Key': 'retry-key-0002' });
    expect(response.statusCode).toBe(422);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('still answers 201 when the workflow cannot start yet: the case is stored for the sweeper', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const response = await post(selfComplaint());
    expect(response.statusCode).toBe(201);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });
});

/** DynamoDB's answer when the transaction's last item (the idempotency record) exists already. */
function keyTaken(input: { TransactItems: unknown[] }): never {
  throw new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: input.TransactItems.map((_, index, all) => ({
      Code: index === all.length - 1 ? 'ConditionalCheckFailed' : 'None',
    })),
  });
}

it('ConditionalCheckFailedException is exported for the repository (guards an SDK rename)', () => {
  expect(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }).name).toBe(
    'ConditionalCheckFailedException',
  );
});
