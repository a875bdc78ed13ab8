import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpEvent, lambdaContext } from '../support/api-events';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:liaison-case-review';
Object.assign(process.env, { TABLE_NAME: 'liaison-cases', CASE_WORKFLOW_ARN: MACHINE });
const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);

type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
let health: Handler;
let fallback: Handler;
beforeAll(async () => {
  health = (await import('../../functions/handlers/http/health')).handler as unknown as Handler;
  fallback = (await import('../../functions/handlers/http/fallback')).handler as unknown as Handler;
});
beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  ses.reset();
  dynamo.on(DescribeTableCommand).resolves({});
  sfn.on(DescribeStateMachineCommand).resolves({});
  ses.on(GetAccountCommand).resolves({});
});

describe('GET /api/health', () => {
  it('answers 200 when the table, the workflow and mail answer', async () => {
    const response = await health(httpEvent('GET', '/api/health'), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      status: 'ok',
      checks: { database: 'ok', workflow: 'ok', mail: 'ok' },
    });
  });

  it('answers 503 naming the failing dependency by role, not by resource', async () => {
    sfn
      .on(DescribeStateMachineCommand)
      .rejects(Object.assign(new Error(`not found: ${MACHINE}`), { name: 'StateMachineDoesNotExist' }));
    const response = await health(httpEvent('GET', '/api/health'), lambdaContext);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).checks.workflow).toBe('unavailable');
    expect(response.body).not.toContain('arn:');
    expect(response.body).not.toContain('liaison-cases');
  });
});

describe('unmatched API routes', () => {
  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const response = await fallback(httpEvent('DELETE', '/api/complaints'), lambdaContext);
    expect(response.statusCode).toBe(405);
    expect(response.headers.Allow).toBe('POST');
  });

  it('answers 404 in problem+json for anything else', async () => {
    const response = await fallback(httpEvent('GET', '/api/../../etc/passwd'), lambdaContext);
    expect(response.statusCode).toBe(404);
    expect(response.headers['Content-Type']).toContain('application/problem+json');
  });
});
