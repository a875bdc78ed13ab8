/** CaseWorkflow on AWS Step Functions. Executions carry the caseId and nothing else (no PHI). */
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { StepOutcome } from '../core/case/case';
import type { CaseWorkflow } from '../core/ports';

/** The token is no longer waiting: it timed out (a clock re-armed the step), was used, or its execution ended. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class StepFunctionsCaseWorkflow implements CaseWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startCaseReview(caseId: string, executionName: string) {
    try {
      const started = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName,
          input: JSON.stringify({ caseId }),
        }),
      );
      return { executionArn: started.executionArn as string };
    } catch (error) {
      // Same name, closed execution (or different input): the case's review already ran under this name.
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') {
        return { executionArn: executionArnFor(this.stateMachineArn, executionName), ended: true };
      }
      throw error;
    }
  }

  async completeStep(taskToken: string, outcome: StepOutcome): Promise<boolean> {
    return this.whileCurrent(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome) })),
    );
  }

  async failStep(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.whileCurrent(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  async stopReview(executionName: string, cause: string): Promise<void> {
    try {
      await this.client.send(
        new StopExecutionCommand({
          executionArn: executionArnFor(this.stateMachineArn, executionName),
          error: 'Liaison.Superseded',
          cause,
        }),
      );
    } catch (error) {
      // Never started, or already ended: nothing to stop.
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }

  private async whileCurrent(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (STALE_TOKEN_ERRORS.has((error as Error).name)) return false;
      throw error;
    }
  }
}

/** arn:aws:states:<region>:<account>:stateMachine:<machine> -> ...:execution:<machine>:<name> */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
