/**
 * The local Step Functions service's own contract, on small definitions: what aws-local-stepfunctions lacks and
 * the service adds (task tokens, TaskTimedOut after a timeout, HeartbeatSeconds, the timer ceiling), spoken over
 * the JSON 1.0 wire protocol that @aws-sdk/client-sfn uses.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, listen } from '../../local/http-util';
import { type AslDefinition, LocalStepFunctions, MAX_TIMER_SECONDS } from '../../local/stepfunctions/engine';
import { createStepFunctionsServer } from '../../local/stepfunctions/server';
import { eventually } from '../support/local-stack';

const tokens: string[] = [];
const engine = new LocalStepFunctions({
  invokeLambda: async (arn, payload) => {
    const { taskToken } = payload as { taskToken?: string };
    if (taskToken) tokens.push(taskToken);
    if (arn.endsWith(':fail')) throw Object.assign(new Error('boom'), { name: 'CaseNotFound' });
    return { ok: true };
  },
});
const server = createStepFunctionsServer(engine);
let sfn: SFNClient;

function waitingMachine(name: string, step: Record<string, unknown>): string {
  const definition: AslDefinition = {
    StartAt: 'Wait for a person',
    States: {
      'Wait for a person': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:open',
          Payload: { 'taskToken.$': '$$.Task.Token' },
        },
        ...step,
        Catch: [
          {
            ErrorEquals: ['States.Timeout', 'States.HeartbeatTimeout'],
            ResultPath: '$.error',
            Next: 'Timed out',
          },
        ],
        Next: 'Done',
      },
      'Timed out': { Type: 'Pass', Result: 'timed-out', End: true },
      Done: { Type: 'Pass', Result: 'done', End: true },
    },
  };
  return engine.register({ name, definition });
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  }, 'the execution to finish');
}

async function startAndGetToken(stateMachineArn: string, name: string) {
  const before = tokens.length;
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '{}' }));
  const token = await eventually(async () => tokens[before], 'the task token');
  return { executionArn: executionArn as string, token };
}

beforeAll(async () => {
  const port = await listen(server);
  sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  engine.stopAll();
  sfn.destroy();
  await close(server);
});

describe('local Step Functions service', () => {
  it('times a task out after TimeoutSeconds; a late completion gets TaskTimedOut', async () => {
    const machine = waitingMachine('timeout', { TimeoutSeconds: 1 });
    const { executionArn, token } = await startAndGetToken(machine, 'late');
    const described = await finished(executionArn);
    expect(JSON.parse(described.output ?? '')).toBe('timed-out');
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((event) => event.type)).toContain('TaskTimedOut');
  });

  it('honours HeartbeatSeconds, which the library ignores', async () => {
    const machine = waitingMachine('heartbeat', { TimeoutSeconds: 60, HeartbeatSeconds: 1 });
    const { executionArn } = await startAndGetToken(machine, 'silent');
    const described = await finished(executionArn);
    expect(JSON.parse(described.output ?? '')).toBe('timed-out');
  });

  it('mints a different token for every task and every execution', async () => {
    const machine = waitingMachine('tokens', { TimeoutSeconds: 60 });
    const first = await startAndGetToken(machine, 'one');
    const second = await startAndGetToken(machine, 'two');
    expect(first.token).not.toBe(second.token);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{"a":1}' }));
    expect((await finished(first.executionArn)).status).toBe('SUCCEEDED');
    await sfn.send(new StopExecutionCommand({ executionArn: second.executionArn, error: 'Withdrawn' }));
    expect((await finished(second.executionArn)).status).toBe('ABORTED');
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: second.token, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('fails an execution with the Lambda error name when a function throws', async () => {
    const definition: AslDefinition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:fail', Payload: {} },
          TimeoutSeconds: 5,
          End: true,
        },
      },
    };
    const machine = engine.register({ name: 'failing', definition });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }),
    );
    const described = await finished(executionArn as string);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('CaseNotFound');
  });

  it('answers unknown executions and machines with AWS error names', async () => {
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:x:y' }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('refuses timers the local runner cannot honour instead of firing them at once', () => {
    expect(() => waitingMachine('too-long', { TimeoutSeconds: MAX_TIMER_SECONDS + 1 })).toThrow(/exceeds/);
  });
});
