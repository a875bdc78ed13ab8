/**
 * A task that fails for good, on the local stack with the deployed ASL: its retries run out, the catch takes the
 * execution to "Flag the case for attention", the case is flagged, its coordinators are emailed, and the execution
 * fails as Liaison.NeedsAttention, with nothing of the case in the email.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/adapters/dynamodb/stores';
import { ulidGenerator } from '../../functions/adapters/system';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import type { SlaPolicyId } from '../../functions/core/sla/sla-policies';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';
import { eventually, outbox, startTestStack, type TestStack } from '../support/local-stack';
import { ScriptedWorkflow, TEST_SETTINGS } from '../support/memory';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 180_000);
afterAll(async () => stack?.stop());

describe('a step that fails for good', () => {
  it('flags the case, tells its coordinators, and stops the execution as needing attention', async () => {
    // A case whose data the first step cannot work with (an SLA policy that does not exist), stored without
    // starting its workflow; the test starts it.
    const stores = dynamoStores(stack.db, stack.names.table);
    const { caseId, reference } = await submitComplaint(
      {
        ...stores,
        workflow: new ScriptedWorkflow(),
        clock: { now: () => new Date() },
        ids: ulidGenerator,
        settings: { ...TEST_SETTINGS, referencePrefix: 'NA', slaPolicy: 'no-such-policy' as SlaPolicyId },
        observe: {
          workflowStartDeferred: () => undefined,
          talliesNotRecorded: () => undefined,
          handOverDeferred: () => undefined,
        },
      },
      { complaint: familyComplaint(), channel: 'web', actor: 'complainant' },
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
      const mails = await Promise.all(
        (await outbox(stack.outboxDir)).map((message) => simpleParser(message.raw)),
      );
      const found = mails.filter(
        (mail) => mail.subject === `Needs attention: the review of ${reference} stopped`,
      );
      return found.length > 0 ? found : undefined;
    }, 'the email to the coordinators');
    expect(notices).toHaveLength(1);
    for (const marker of Object.values(PHI_MARKERS)) expect(notices[0]?.text).not.toContain(marker);
  }, 120_000);
});
