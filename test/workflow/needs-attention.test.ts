/**
 * A task that fails for good, on the local stack with the deployed ASL: its retries run out, the catch takes the
 * execution to "Flag the case for attention", the case is flagged, its coordinators are emailed, and the execution
 * fails as Liaison.NeedsAttention, with nothing of the case in the email.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/adapters/dynamodb/stores';
import { ulidGenerator } from '../../functions/adapters/system';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';
import { eventually, outboxMail, startTestStack, type TestStack } from '../support/local-stack';
import { ScriptedWorkflow, TEST_SETTINGS } from '../support/memory';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);
afterAll(async () => stack?.stop());

describe('a step that fails for good', () => {
  it('flags the case, tells its coordinators, and stops the execution as needing attention', async () => {
    // A case whose data the first step cannot work with (stored without deadlines, as an older intake stored it,
    // under an SLA policy that does not exist), stored without starting its workflow; the test starts it.
    const stores = dynamoStores(stack.db, stack.names.table);
    const { caseId, reference } = await submitComplaint(
      {
        ...stores,
        workflow: new ScriptedWorkflow(),
        clock: { now: () => new Date() },
        ids: ulidGenerator,
        settings: { ...TEST_SETTINGS, referencePrefix: 'NA' },
        observe: {
          workflowStartDeferred: () => undefined,
          talliesNotRecorded: () => undefined,
          handOverDeferred: () => undefined,
        },
      },
      { complaint: familyComplaint(), channel: 'web', actor: 'complainant' },
    );
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.names.table,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET slaPolicy = :unknown, deadlines = :none',
        ExpressionAttributeValues: { ':unknown': 'no-such-policy', ':none': {} },
      }),
    );
    const { executionArn } = await stack.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stack.stateMachineArn,
        name: `case-${caseId}`,
        input: JSON.stringify({ caseId }),
      }),
    );
    const ended = await eventually(
      async () => {
        const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === 'RUNNING' ? undefined : described;
      },
      'the execution to end',
      90_000,
    );
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('Liaison.NeedsAttention');
    expect((await stores.cases.getCase(caseId))?.needsAttention).toMatchObject({
      execution: `case-${caseId}`,
    });
    const notices = await eventually(async () => {
      const mails = await outboxMail(stack.outboxDir);
      const found = mails.filter(
        (mail) => mail.subject === `Needs attention: the review of ${reference} stopped`,
      );
      return found.length > 0 ? found : undefined;
    }, 'the email to the coordinators');
    expect(notices).toHaveLength(1);
    for (const marker of Object.values(PHI_MARKERS)) expect(notices[0]?.text).not.toContain(marker);
  }, 120_000);
});
