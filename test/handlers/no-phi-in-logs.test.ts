/**
 * HIPAA minimum necessary: with logging at its most verbose, a complaint's PHI appears nowhere in the logs,
 * on success or failure, and error answers name nothing internal.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
import { captureOutput, httpEvent, lambdaContext } from '../support/api-events';
import { familyComplaint, phiIn } from '../support/fixtures';

Object.assign(process.env, {
  POWERTOOLS_LOG_LEVEL: 'DEBUG',
  TABLE_NAME: 'liaison-test',
  CASE_WORKFLOW_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:liaison-case-review',
  ATTACHMENT_BUCKET: 'liaison-attachments-test',
  DATA_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/liaison-test',
});

const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
type Response = { statusCode: number; body: string };
let handler: (event: APIGatewayProxyEventV2, context: typeof lambdaContext) => Promise<Response>;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/handlers/http/submit-complaint')) as unknown as {
    handler: typeof handler;
  });
});

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  dynamo.on(UpdateCommand).resolves({ Attributes: { sequence: 1 } });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:0:execution:m:n' });
});

async function submit(): Promise<{ response: Response; logs: string }> {
  let response: Response | undefined;
  const event = httpEvent('POST', '/api/complaints', {
    body: JSON.stringify(familyComplaint()),
    headers: { 'content-type': 'application/json', 'idempotency-key': 'phi-test-key-1' },
  });
  const logs = await captureOutput(async () => {
    response = await handler(event, lambdaContext);
  });
  return { response: response as Response, logs };
}

describe('logs carry ids, never PHI', () => {
  it('on success', async () => {
    const { response, logs } = await submit();
    expect(response.statusCode).toBe(201);
    expect(logs).toContain('Complaint received');
    expect(logs).toContain(JSON.parse(response.body).caseId);
    expect(phiIn(logs)).toEqual([]);
  });

  it('when the workflow cannot start', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('boom'), { name: 'ThrottlingException' }));
    const { logs } = await submit();
    expect(logs).toContain('Workflow start deferred to the sweeper');
    expect(phiIn(logs)).toEqual([]);
  });

  it('when storage fails, with a 500 that names nothing internal', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
        $metadata: {},
        CancellationReasons: [{ Code: 'ThrottlingError' }],
      }),
    );
    const { response, logs } = await submit();
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/Transaction|Dynamo|liaison-test|stack|at \w+ \(/i);
    expect(logs).toContain('Unhandled error');
    expect(phiIn(logs)).toEqual([]);
    expect(phiIn(response.body)).toEqual([]);
  });
});
