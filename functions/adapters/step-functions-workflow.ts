/** CaseWorkflow on AWS Step Functions. The execution input is the caseId and nothing else (no PHI). */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { CaseWorkflow } from '../core/ports';

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
        return { executionArn: executionArnFor(this.stateMachineArn, executionName) };
      }
      throw error;
    }
  }
}

/** arn:aws:states:<region>:<account>:stateMachine:<machine> -> ...:execution:<machine>:<name> */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
