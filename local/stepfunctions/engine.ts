/**
 * A local Step Functions service: runs workflows/*.asl.json with aws-local-stepfunctions and adds what that
 * library lacks (see shared notes local-aws.md): named, idempotent executions that can be described, listed,
 * stopped and whose history can be read; task tokens with SendTaskSuccess/Failure/Heartbeat; HeartbeatSeconds;
 * Lambda tasks that invoke the functions (local/lambda-runtime.ts) and return the Lambda invoke result shape.
 * AWS's error names are kept so callers' error handling is exercised for real.
 */
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';

export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  abort: () => void;
  /** Resolves when the execution has closed, whatever the outcome. */
  done: Promise<void>;
}

interface PendingTask {
  executionArn: string;
  stateName: string;
  status: 'waiting' | 'closed';
  closedReason?: 'completed' | 'timed-out' | 'execution-closed';
  /** Epoch ms after which the task counts as timed out (TimeoutSeconds). */
  deadline?: number;
  heartbeatSeconds?: number;
  heartbeatTimer?: NodeJS.Timeout;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/** Calls a Lambda function by ARN and resolves with what its handler returned. */
export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

export interface StateMachineRegistration {
  name: string;
  /** The ASL with every `${Placeholder}` already substituted. */
  definition: AslDefinition;
  roleArn?: string;
}

type AslState = Record<string, unknown> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

const TOKEN_PLACEHOLDER = 'LOCAL-TASK-TOKEN-PLACEHOLDER';
const TOKEN_PATTERN = /^LOCALTOKEN1\.[0-9a-f-]{36}\.[0-9a-f-]{36}$/;
/** setTimeout's ceiling: waits past it fire at once, so the engine refuses them (shared notes, local-aws.md). */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export interface LocalStepFunctionsOptions {
  region?: string;
  accountId?: string;
  invokeLambda: LambdaInvoker;
  /** Told about every Lambda invocation and state transition, for the benchmarks' per-case counts. */
  onStateTransition?: (executionArn: string) => void;
}

export class LocalStepFunctions {
  private readonly machines = new Map<
    string,
    StateMachineRegistration & { arn: string; createdAt: Date; stateMachine: StateMachine }
  >();
  private readonly executions = new Map<string, Execution>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly region: string;
  private readonly accountId: string;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  register(registration: StateMachineRegistration): string {
    assertTimersFit(registration.definition);
    const arn = this.stateMachineArn(registration.name);
    // Validates the definition now (asl-validator), so a bad definition fails at start-up, not mid-request.
    const stateMachine = new StateMachine(withAwsTimeoutPaths(registration.definition) as never, {
      validationOptions: { checkArn: false, checkPaths: true },
    });
    this.machines.set(arn, { ...registration, arn, createdAt: new Date(), stateMachine });
    return arn;
  }

  describeStateMachine(stateMachineArn: string) {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return {
      stateMachineArn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn ?? `arn:aws:iam::${this.accountId}:role/local`,
      type: 'STANDARD',
      creationDate: machine.createdAt,
    };
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }) {
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine) {
      throw new SfnError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const name = request.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new SfnError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: same name and input while running answers as the first call did; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const startDate = new Date();
    const execution: Execution = {
      executionArn,
      stateMachineArn: request.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      history: [],
      abort: () => undefined,
      done: Promise.resolve(),
    };
    // Registered before the run starts: the first task's override looks the execution up synchronously.
    this.executions.set(executionArn, execution);
    const run = machine.stateMachine.run(parsedInput as never, {
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          Input: parsedInput as never,
          StartTime: startDate.toISOString(),
        },
        StateMachine: { Id: request.stateMachineArn, Name: machine.name },
        // The library reads the context once per execution, so tokens are minted per task in the overrides.
        Task: { Token: TOKEN_PLACEHOLDER },
      },
      overrides: { taskResourceLocalHandlers: this.taskOverrides(executionArn, machine.definition) as never },
    });
    execution.abort = run.abort;
    execution.done = this.follow(execution, run, machine.definition);
    return { executionArn, startDate };
  }

  describeExecution(executionArn: string) {
    const execution = this.getExecution(executionArn);
    return {
      executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      input: execution.input,
      output: execution.output,
      error: execution.error,
      cause: execution.cause,
    };
  }

  listExecutions(request: { stateMachineArn: string; statusFilter?: ExecutionStatus }) {
    const executions = [...this.executions.values()]
      .filter((execution) => execution.stateMachineArn === request.stateMachineArn)
      .filter((execution) => !request.statusFilter || execution.status === request.statusFilter)
      .map(({ executionArn, stateMachineArn, name, status, startDate, stopDate }) => ({
        executionArn,
        stateMachineArn,
        name,
        status,
        startDate,
        stopDate,
      }));
    return { executions };
  }

  getExecutionHistory(request: {
    executionArn: string;
    reverseOrder?: boolean;
    maxResults?: number;
    nextToken?: string;
    includeExecutionData?: boolean;
  }) {
    const execution = this.getExecution(request.executionArn);
    const ordered = request.reverseOrder ? [...execution.history].reverse() : execution.history;
    const start = request.nextToken ? Number(request.nextToken) : 0;
    const size = request.maxResults && request.maxResults > 0 ? request.maxResults : 1000;
    const events = ordered.slice(start, start + size);
    const more = start + size < ordered.length;
    return { events, ...(more ? { nextToken: String(start + size) } : {}) };
  }

  stopExecution(request: { executionArn: string; error?: string; cause?: string }) {
    const execution = this.getExecution(request.executionArn);
    if (execution.status === 'RUNNING') {
      execution.status = 'ABORTED';
      execution.error = request.error;
      execution.cause = request.cause;
      execution.stopDate = new Date();
      this.closeTasksOf(execution.executionArn, 'execution-closed');
      execution.abort();
    }
    return { stopDate: execution.stopDate ?? new Date() };
  }

  sendTaskSuccess(request: { taskToken: string; output: string }) {
    const task = this.openTask(request.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(request.output);
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid output: not JSON');
    }
    this.finishTask(task, 'completed');
    task.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }) {
    const task = this.openTask(request.taskToken);
    this.finishTask(task, 'completed');
    const failure = new Error(request.cause ?? '');
    failure.name = request.error ?? 'States.TaskFailed';
    task.reject(failure);
    return {};
  }

  sendTaskHeartbeat(request: { taskToken: string }) {
    const task = this.openTask(request.taskToken);
    if (task.heartbeatSeconds) this.armHeartbeat(request.taskToken, task);
    return {};
  }

  /** Resolves when every execution started so far has closed (tests and shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((execution) => execution.done));
  }

  stopAll(): void {
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING') this.stopExecution({ executionArn: execution.executionArn });
    }
  }

  private getExecution(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  /**
   * The state machine a task token belongs to (IAM scopes SendTask* to it). A token this process never issued (one
   * kept across a restart) is taken as the only state machine's, if there is one.
   */
  stateMachineOfToken(taskToken: string): string | undefined {
    const task = this.tasks.get(taskToken);
    if (task) return this.executions.get(task.executionArn)?.stateMachineArn;
    return this.machines.size === 1 ? [...this.machines.keys()][0] : undefined;
  }

  private openTask(taskToken: string): PendingTask {
    if (!TOKEN_PATTERN.test(taskToken)) throw new SfnError('InvalidToken', 'Invalid Token');
    const task = this.tasks.get(taskToken);
    if (!task) throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    if (task.status === 'waiting' && task.deadline !== undefined && Date.now() >= task.deadline) {
      this.finishTask(task, 'timed-out');
    }
    // AWS answers TaskTimedOut for a token that timed out and for one already completed.
    if (task.status === 'closed') throw new SfnError('TaskTimedOut', 'Task Timed Out');
    return task;
  }

  private finishTask(task: PendingTask, reason: NonNullable<PendingTask['closedReason']>) {
    task.status = 'closed';
    task.closedReason = reason;
    if (task.heartbeatTimer) clearTimeout(task.heartbeatTimer);
  }

  private closeTasksOf(
    executionArn: string,
    reason: NonNullable<PendingTask['closedReason']>,
    stateName?: string,
  ) {
    for (const task of this.tasks.values()) {
      if (task.executionArn !== executionArn || task.status !== 'waiting') continue;
      if (stateName && task.stateName !== stateName) continue;
      this.finishTask(task, reason);
    }
  }

  private armHeartbeat(token: string, task: PendingTask) {
    if (task.heartbeatTimer) clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(
      () => {
        if (task.status !== 'waiting') return;
        this.finishTask(task, 'timed-out');
        const timeout = new Error('States.HeartbeatTimeout');
        timeout.name = 'States.HeartbeatTimeout';
        task.reject(timeout);
      },
      (task.heartbeatSeconds as number) * 1000,
    );
    task.heartbeatTimer.unref();
    this.tasks.set(token, task);
  }

  private record(execution: Execution, type: string, details: Record<string, unknown> = {}) {
    const id = execution.history.length + 1;
    execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(), type, ...details });
  }

  /** Builds one override per Lambda Task state, nested Parallel branches and Map iterators included. */
  private taskOverrides(executionArn: string, definition: AslDefinition) {
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of allStates(definition)) {
      if (state.Type !== 'Task') continue;
      const resource = String(state.Resource);
      if (!resource.startsWith('arn:aws:states:::lambda:invoke')) {
        throw new Error(
          `Local Step Functions: state "${stateName}" uses ${resource}, which has no local handler`,
        );
      }
      overrides[stateName] = resource.endsWith('.waitForTaskToken')
        ? (input) => this.runWaitForTaskToken(executionArn, stateName, state, input)
        : (input) => this.runLambdaInvoke(executionArn, input);
    }
    return overrides;
  }

  private async runLambdaInvoke(executionArn: string, rawInput: unknown) {
    await pendingLogEventsRecorded();
    const execution = this.getExecution(executionArn);
    const { input } = withoutTimeoutField(rawInput);
    const { FunctionName, Payload } = input as { FunctionName: string; Payload?: unknown };
    this.record(execution, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: this.region,
        parameters: JSON.stringify(input),
      },
    });
    this.options.onStateTransition?.(executionArn);
    try {
      const result = await this.options.invokeLambda(FunctionName, Payload ?? {});
      const invokeResult = { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 };
      this.record(execution, 'TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          output: JSON.stringify(invokeResult),
        },
      });
      return invokeResult;
    } catch (error) {
      const failure = lambdaFailure(error);
      this.record(execution, 'TaskFailed', {
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          error: failure.name,
          cause: failure.message,
        },
      });
      throw failure;
    }
  }

  private async runWaitForTaskToken(
    executionArn: string,
    stateName: string,
    state: AslState,
    rawInput: unknown,
  ) {
    await pendingLogEventsRecorded();
    const execution = this.getExecution(executionArn);
    const { input, timeoutSeconds: pathTimeout } = withoutTimeoutField(rawInput);
    const token = `LOCALTOKEN1.${randomUUID()}.${randomUUID()}`;
    const withToken = replaceDeep(input, TOKEN_PLACEHOLDER, token) as {
      FunctionName: string;
      Payload?: unknown;
    };
    const result = new Promise<unknown>((resolve, reject) => {
      const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : pathTimeout;
      const task: PendingTask = {
        executionArn,
        stateName,
        status: 'waiting',
        deadline: timeoutSeconds === undefined ? undefined : Date.now() + timeoutSeconds * 1000,
        heartbeatSeconds: typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds : undefined,
        resolve,
        reject,
      };
      this.tasks.set(token, task);
      if (task.heartbeatSeconds) this.armHeartbeat(token, task);
    });
    // The function may answer through the token before it returns (a withdrawn case fails it at once): the
    // outcome is awaited below, after the invoke, so it must not count as unhandled meanwhile.
    void result.catch(() => undefined);
    this.record(execution, 'TaskScheduled', {
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: this.region,
        parameters: JSON.stringify(withToken),
      },
    });
    this.options.onStateTransition?.(executionArn);
    try {
      await this.options.invokeLambda(withToken.FunctionName, withToken.Payload ?? {});
    } catch (error) {
      const pending = this.tasks.get(token);
      if (pending) this.finishTask(pending, 'execution-closed');
      const failure = lambdaFailure(error);
      this.record(execution, 'TaskFailed', {
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          error: failure.name,
          cause: failure.message,
        },
      });
      throw failure;
    }
    this.record(execution, 'TaskSubmitted', {
      taskSubmittedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' },
    });
    try {
      const output = await result;
      this.record(execution, 'TaskSucceeded', {
        taskSucceededEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          output: JSON.stringify(output),
        },
      });
      return output as never;
    } catch (error) {
      const failure = error as Error;
      this.record(execution, failure.name === 'States.HeartbeatTimeout' ? 'TaskTimedOut' : 'TaskFailed', {
        taskFailedEventDetails: { error: failure.name, cause: failure.message },
      });
      throw failure;
    }
  }

  /** Turns the library's event log into AWS-shaped history and keeps task tokens in step with the states. */
  private async follow(
    execution: Execution,
    run: ReturnType<StateMachine['run']>,
    definition: AslDefinition,
  ): Promise<void> {
    const types = stateTypes(definition);
    this.record(execution, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: execution.input,
        roleArn: `arn:aws:iam::${this.accountId}:role/local`,
      },
    });
    const logs = (async () => {
      for await (const event of run.eventLogs) {
        if (!('state' in event) || !event.state) continue;
        const type = types.get(event.state.name) ?? event.state.type;
        if (event.type === 'StateEntered') {
          this.options.onStateTransition?.(execution.executionArn);
          this.record(execution, `${type}StateEntered`, {
            stateEnteredEventDetails: {
              name: event.state.name,
              input: JSON.stringify(event.state.input ?? null),
            },
          });
        } else if (event.type === 'StateExited') {
          this.record(execution, `${type}StateExited`, {
            stateExitedEventDetails: {
              name: event.state.name,
              output: JSON.stringify(event.state.output ?? null),
            },
          });
        } else if (event.type === 'StateFailed' && 'Error' in event && event.Error === 'States.Timeout') {
          this.closeTasksOf(execution.executionArn, 'timed-out', event.state.name);
          this.record(execution, 'TaskTimedOut', {
            taskTimedOutEventDetails: { error: 'States.Timeout', cause: String(event.Cause ?? '') },
          });
        }
      }
    })();
    try {
      const output = await run.result;
      if (execution.status === 'RUNNING') {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output ?? null);
        execution.stopDate = new Date();
        await logs.catch(() => undefined);
        this.record(execution, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: execution.output },
        });
      }
    } catch (error) {
      await logs.catch(() => undefined);
      if (execution.status === 'RUNNING') {
        const failure = error as Error & { cause?: unknown };
        execution.status = failure.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        execution.error = errorNameOf(failure);
        execution.cause = (failure.cause as Error | undefined)?.message ?? failure.message;
        execution.stopDate = new Date();
        this.record(execution, execution.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionFailed', {
          executionFailedEventDetails: { error: execution.error, cause: execution.cause },
        });
      } else {
        this.record(execution, 'ExecutionAborted', {
          executionAbortedEventDetails: { error: execution.error, cause: execution.cause },
        });
      }
    } finally {
      this.closeTasksOf(execution.executionArn, 'execution-closed');
    }
  }
}

/** The error a Lambda task fails with: the function's error type as the name, its message as the cause. */
function lambdaFailure(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const failure = new Error(JSON.stringify({ errorType: source.name, errorMessage: source.message }));
  failure.name = source.name && source.name !== 'Error' ? source.name : 'Error';
  return failure;
}

function errorNameOf(error: Error & { cause?: unknown }): string {
  // The library wraps the state's error (a Fail state's Error, a task's error name) in an ExecutionError.
  const cause = error.cause as { name?: string } | undefined;
  if (error.name === 'ExecutionError' || error.name === 'Error') return cause?.name ?? error.name;
  return error.name;
}

const TIMEOUT_FIELD = '__liaisonTimeoutSeconds';

/**
 * AWS reads TimeoutSecondsPath from the state's input; aws-local-stepfunctions reads it from the input after
 * Parameters. So the local copy of a definition carries the value through Parameters in a hidden field, which
 * the task overrides remove before invoking the function (and use as the task's deadline).
 */
function withAwsTimeoutPaths(definition: AslDefinition): AslDefinition {
  const copy = structuredClone(definition);
  for (const [, state] of allStates(copy)) {
    if (state.Type !== 'Task' || typeof state.TimeoutSecondsPath !== 'string') continue;
    state.Parameters = { ...(state.Parameters as object), [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
    state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
  }
  return copy;
}

function withoutTimeoutField(input: unknown): { input: unknown; timeoutSeconds?: number } {
  if (!input || typeof input !== 'object' || !(TIMEOUT_FIELD in input)) return { input };
  const { [TIMEOUT_FIELD]: timeoutSeconds, ...rest } = input as Record<string, unknown>;
  return { input: rest, timeoutSeconds: typeof timeoutSeconds === 'number' ? timeoutSeconds : undefined };
}

/**
 * The library dispatches StateEntered/StateExited synchronously but its event log is read asynchronously, so a
 * task override runs before its StateEntered is recorded. One macrotask lets the log reader (microtasks) catch
 * up, so the history reads in AWS's order: StateEntered, TaskScheduled, ..., TaskSucceeded, StateExited.
 */
function pendingLogEventsRecorded(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceDeep(item, from, to)]));
  }
  return value;
}

function* allStates(definition: AslDefinition): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(definition.States)) {
    yield [name, state];
    for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) yield* allStates(branch);
    const iterator = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    if (iterator) yield* allStates(iterator);
  }
}

function stateTypes(definition: AslDefinition): Map<string, string> {
  return new Map([...allStates(definition)].map(([name, state]) => [name, state.Type]));
}

/** Refuses definitions whose static timers the local runner cannot honour (they would fire after 1 ms). */
function assertTimersFit(definition: AslDefinition) {
  for (const [name, state] of allStates(definition)) {
    for (const field of ['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds'] as const) {
      const value = state[field];
      if (typeof value === 'number' && value > MAX_TIMER_SECONDS) {
        throw new Error(
          `State "${name}": ${field} ${value} exceeds the local runner's ${MAX_TIMER_SECONDS} s`,
        );
      }
    }
  }
}
