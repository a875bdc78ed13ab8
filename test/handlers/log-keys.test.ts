/**
 * Log keys added for one request (the signed-in member of staff) do not outlive it: in a warm container, the
 * next request, here an anonymous one from the status page (the logger is one module, shared as in a container),
 * is not logged under the previous caller.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, httpEvent, lambdaContext } from '../support/api-events';

Object.assign(process.env, {
  POWERTOOLS_LOG_LEVEL: 'INFO',
  TABLE_NAME: 'liaison-test',
  CASE_WORKFLOW_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:liaison-case-review',
  MAIL_FROM: 'complaints@liaison.example.org',
  ORGANIZATION_NAME: 'Example General Hospital',
  ORGANIZATION_PHONE: '+1 555 010 0100',
  ORGANIZATION_ADDRESS: 'Patient Relations; 1 Example Way; Springfield, ST 00000',
  CONSOLE_URL: 'https://liaison.example.org',
  ESCALATION_CONTACTS: JSON.stringify({
    coordinators: 'c@example.org',
    manager: 'm@example.org',
    director: 'd@example.org',
  }),
  INBOUND_MAIL_BUCKET: 'liaison-mail-test',
  ATTACHMENT_BUCKET: 'liaison-attachments-test',
  DATA_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/liaison-test',
});

const dynamo = mockClient(DynamoDBDocumentClient);
type Handler = (
  event: APIGatewayProxyEventV2,
  context: typeof lambdaContext,
) => Promise<{ statusCode: number }>;
let handler: Handler;
let statusPage: Handler;

beforeAll(async () => {
  ({ handler } = (await import('../../functions/handlers/http/console-api')) as unknown as {
    handler: Handler;
  });
  ({ handler: statusPage } = (await import('../../functions/handlers/http/status-page')) as unknown as {
    handler: Handler;
  });
});

function asStaff(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const sub = 'u-casey';
  const claims = {
    sub,
    email: 'casey@example.org',
    name: 'Casey',
    'cognito:groups': '[coordinator]',
  };
  return {
    ...event,
    requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: [] } } },
  } as never;
}

const logLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('log keys', () => {
  it('are cleared between invocations of a warm container', async () => {
    dynamo.on(GetCommand).resolves({
      Item: { userId: 'u-casey', name: 'Casey', email: 'casey@example.org', roles: ['coordinator'] },
    });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // A signed-in coordinator's request: the staff wrapper adds their id to the log keys.
    await captureOutput(async () => {
      const response = await handler(asStaff(httpEvent('GET', '/api/tasks')), lambdaContext);
      expect(response.statusCode).toBe(200);
    });

    // The next request fails on our side, which is logged: it must not name the previous caller.
    dynamo.reset();
    dynamo.on(GetCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    const anonymous = await captureOutput(async () => {
      const response = await statusPage(
        httpEvent('POST', '/api/status', {
          body: JSON.stringify({ token: 'A'.repeat(32) }),
          headers: { 'content-type': 'application/json' },
        }),
        lambdaContext,
      );
      expect(response.statusCode).toBe(500);
    });
    const lines = logLines(anonymous);
    expect(lines.map((line) => line.message)).toContain('Unhandled error');
    for (const line of lines) expect(line).not.toHaveProperty('userId');
  });
});
