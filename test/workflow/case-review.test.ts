/**
 * workflows/case-review.asl.json on the local Step Functions service, driven over the real wire protocol
 * (@aws-sdk/client-sfn) with the real handlers, DynamoDB Local and the local SES: a web complaint becomes an
 * acknowledged case waiting at triage, and its execution history holds no PHI.
 */
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { CaseRecord } from '../../functions/core/case/case';
import { familyComplaint, PHI_MARKERS, phiIn } from '../support/fixtures';
import {
  eventually,
  historyOf,
  outbox,
  outboxMail,
  startTestStack,
  type TestStack,
} from '../support/local-stack';

let stack: TestStack;
let caseId: string;
let reference: string;
let executionArn: string;

beforeAll(async () => {
  stack = await startTestStack();
  const response = await fetch(`${stack.url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(familyComplaint()),
  });
  expect(response.status).toBe(201);
  ({ caseId, reference } = (await response.json()) as { caseId: string; reference: string });
  executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:case-${caseId}`;
  await eventually(async () => {
    const events = await historyOf(stack.sfn, executionArn).catch(() => []);
    return events.some((event) => event.type === 'TaskSubmitted') ? true : undefined;
  }, 'the triage task to be submitted');
});
afterAll(async () => stack?.stop());

async function storedCase() {
  const result = await stack.db.send(
    new GetCommand({ TableName: stack.names.table, Key: keys.case(caseId) }),
  );
  return result.Item as CaseRecord & {
    currentTask: { taskId: string };
    acknowledgement: { messageId: string };
  };
}

async function openTaskToken(): Promise<string> {
  const current = (await storedCase()).currentTask;
  const task = await stack.db.send(
    new GetCommand({ TableName: stack.names.table, Key: keys.task(caseId, current.taskId) }),
  );
  return task.Item?.taskToken as string;
}

describe('a web complaint on the case review workflow', () => {
  it('runs Open -> Acknowledge -> Plan triage clock -> Wait for triage, recorded in AWS history order', async () => {
    const events = await historyOf(stack.sfn, executionArn);
    const trail = events.map((event) =>
      event.type?.endsWith('StateEntered') ? `enter ${event.stateEnteredEventDetails?.name}` : event.type,
    );
    expect(trail).toEqual([
      'ExecutionStarted',
      'enter Open the case',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'enter Acknowledge the complainant',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'enter Urgent allegation?',
      'ChoiceStateExited',
      'enter Start the clocks',
      'PassStateExited',
      'enter Plan triage clock',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'enter Wait for triage',
      'TaskScheduled',
      'TaskSubmitted',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('carries the caseId and nothing that identifies a person through the whole history', async () => {
    const events = await historyOf(stack.sfn, executionArn);
    const everything = JSON.stringify(events);
    expect(everything).toContain(caseId);
    expect(phiIn(everything)).toEqual([]);
    const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.input ?? '')).toEqual({ caseId });
  });

  it('stored the case with deadlines, the acknowledgement and the open triage task with its token', async () => {
    const record = await storedCase();
    expect(record.reference).toBe(reference);
    expect(record.stage).toBe('triage');
    expect(record.deadlines.respond?.source).toContain('A-0123');
    expect(record.acknowledgement.messageId).toMatch(/@email\.amazonses\.com>$/);
    expect(record.currentTask.step).toBe('triage');
    expect(await openTaskToken()).toMatch(/^LOCALTOKEN1\./);
  });

  it('emailed the complainant an acknowledgement quoting the reference', async () => {
    const parsed = await outboxMail(stack.outboxDir);
    const ack = parsed.find((mail) => mail.subject?.includes(reference));
    expect(ack?.to && 'text' in ack.to ? ack.to.text : '').toBe(PHI_MARKERS.complainantEmail);
    expect(ack?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(ack?.text).toContain(`opened case ${reference}`);
    expect(ack?.messageId).toBe((await storedCase()).acknowledgement.messageId);
  });

  it('answers StartExecution for the same case name idempotently, and refuses different input', async () => {
    const again = await stack.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stack.stateMachineArn,
        name: `case-${caseId}`,
        input: JSON.stringify({ caseId }),
      }),
    );
    expect(again.executionArn).toBe(executionArn);
    await expect(
      stack.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stack.stateMachineArn,
          name: `case-${caseId}`,
          input: '{}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('refuses malformed and unknown task tokens with AWS error names', async () => {
    await expect(
      stack.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      stack.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: 'LOCALTOKEN1.00000000-0000-4000-8000-000000000000.00000000-0000-4000-8000-000000000000',
          output: '{}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('turns 10 concurrent submissions with one Idempotency-Key into one case, one execution, one email', async () => {
    const body = JSON.stringify(familyComplaint({ description: 'Concurrent duplicate submissions test.' }));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${stack.url}/api/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'double-click-0001' },
          body,
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const answers = (await Promise.all(responses.map((response) => response.json()))) as {
      caseId: string;
      reference: string;
    }[];
    const ids = new Set(answers.map((answer) => answer.caseId));
    expect(ids.size).toBe(1);
    const [duplicateCaseId] = ids;
    const duplicateReference = answers[0]?.reference as string;
    await eventually(async () => {
      const mails = await outbox(stack.outboxDir);
      return mails.some((mail) => mail.raw.includes(duplicateReference)) ? true : undefined;
    }, 'the acknowledgement');
    // Let any stray duplicate work finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const executions = stack.engine
      .listExecutions({ stateMachineArn: stack.stateMachineArn })
      .executions.filter((execution) => execution.name.includes(duplicateCaseId as string));
    expect(executions).toHaveLength(1);
    const mails = (await outbox(stack.outboxDir)).filter((mail) => mail.raw.includes(duplicateReference));
    expect(mails).toHaveLength(1);
  });

  it('accepts the stored token once; a second use gets TaskTimedOut', async () => {
    const token = await openTaskToken();
    await stack.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    // Straight to Step Functions to prove the token wiring; the console's path is covered by lifecycle tests.
    await stack.sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: 'duplicate' }) }),
    );
    await expect(
      stack.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Withdrawn' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const status = await eventually(async () => {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    }, 'the execution to close');
    expect(status.status).toBe('SUCCEEDED');
    expect(JSON.parse(status.output ?? 'null')).toMatchObject({ caseId, decision: { outcome: 'duplicate' } });
    expect(phiIn(JSON.stringify(await historyOf(stack.sfn, executionArn)))).toEqual([]);
  });
});
