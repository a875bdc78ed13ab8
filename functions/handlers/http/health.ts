/**
 * GET /api/health: 200 when the table, the review workflow and the mail service answer; 503 otherwise.
 * Reports which dependency failed by role, never by resource name.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import { dynamoDocumentClient, sesV2Client, stepFunctionsClient } from '../../adapters/aws-clients';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { logger } from '../../shared/observability';
import { json } from './http-kit';

const config = readConfig(FUNCTIONS.health.settings);

async function check(name: string, probe: () => Promise<unknown>): Promise<[string, 'ok' | 'unavailable']> {
  try {
    await probe();
    return [name, 'ok'];
  } catch (error) {
    logger.warn('Health check failed', { dependency: name, errorName: (error as Error)?.name });
    return [name, 'unavailable'];
  }
}

export const handler = middy().handler(async () => {
  const checks = Object.fromEntries(
    await Promise.all([
      check('database', () =>
        dynamoDocumentClient().send(new DescribeTableCommand({ TableName: config.TABLE_NAME })),
      ),
      check('workflow', () =>
        stepFunctionsClient().send(
          new DescribeStateMachineCommand({ stateMachineArn: config.CASE_WORKFLOW_ARN }),
        ),
      ),
      check('mail', () => sesV2Client().send(new GetAccountCommand({}))),
    ]),
  );
  const healthy = Object.values(checks).every((state) => state === 'ok');
  return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', checks });
});
