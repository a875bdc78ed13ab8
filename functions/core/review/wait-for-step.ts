/**
 * "Wait for <step>" (every `.waitForTaskToken` state): opens the step's task with its token, or re-arms it with
 * the new token after a clock event, or hands over an outcome recorded while no token was current. Returns at
 * once; the execution waits for SendTaskSuccess/Failure or the planned timeout.
 */
import { type HumanTask, isClosed, type StepOutcome, taskSummaryOf, type WorkflowStep } from '../case/case';
import { changeCase, currentTaskOf } from '../case/change-case';
import type { Deps } from '../dependencies';
import { clockOf, policyOf } from '../sla/case-clock';
import { stepDue } from '../sla/clock-events';
import { STEP_RULES } from './step-rules';

/** The error a waiting step fails with when its case is withdrawn; every wait in the ASL catches it. */
export const CASE_WITHDRAWN_ERROR = 'Liaison.CaseWithdrawn';

type ArmAction = { kind: 'withdrawn' } | { kind: 'deliver' | 'armed'; task: HumanTask };

export async function armHumanTask(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; step: WorkflowStep; taskToken: string },
): Promise<{ taskId?: string; delivered?: boolean; withdrawn?: boolean }> {
  const action = await changeCase<ArmAction>(deps, input.caseId, async (record, now) => {
    if (isClosed(record)) return { unchanged: { kind: 'withdrawn' } };
    const current = await currentTaskOf(deps.cases, record);
    if (current && current.step === input.step) {
      if (current.status === 'completed' && !current.delivered && current.outcome) {
        return { unchanged: { kind: 'deliver', task: current } };
      }
      if (current.status === 'open') {
        if (current.taskToken === input.taskToken) return { unchanged: { kind: 'armed', task: current } };
        // A clock event re-armed the wait: same task, new token.
        const task = { ...current, taskToken: input.taskToken };
        return { record, tasks: [task], result: { kind: 'armed', task } };
      }
    }
    const rule = STEP_RULES[input.step];
    const due = stepDue(record, input.step, now, policyOf(record), clockOf(record, deps.settings));
    const task: HumanTask = {
      taskId: deps.ids.newId(),
      caseId: record.caseId,
      reference: record.reference,
      summary: taskSummaryOf(record),
      step: input.step,
      status: 'open',
      queue: rule.queue,
      assigneeId: rule.queue === 'representative' ? record.assignee?.userId : undefined,
      openedAt: now.toISOString(),
      dueAt: due?.dueAt,
      dueSource: due?.source,
      taskToken: input.taskToken,
      firedEvents: [],
    };
    record.stage = input.step;
    record.currentTask = {
      taskId: task.taskId,
      step: task.step,
      openedAt: task.openedAt,
      dueAt: task.dueAt,
      assigneeId: task.assigneeId,
    };
    return {
      record,
      tasks: [task],
      audit: [{ type: 'task.opened', actor: 'system', detail: { taskId: task.taskId, step: task.step } }],
      result: { kind: 'armed', task },
    };
  });

  if (action.kind === 'withdrawn') {
    await deps.workflow.failStep(input.taskToken, CASE_WITHDRAWN_ERROR, 'The case is closed or withdrawn.');
    return { withdrawn: true };
  }
  if (action.kind === 'deliver') {
    // Recorded before this wait began (its token went stale): hand it over now.
    const delivered = await handOver(deps, { ...action.task, taskToken: input.taskToken });
    return { taskId: action.task.taskId, delivered };
  }
  return { taskId: action.task.taskId };
}

/**
 * Hands a completed task's outcome to the execution waiting on its token, and marks it delivered. False when
 * the token is stale: the next arm of the step delivers it instead.
 */
export async function handOver(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'workflow' | 'clock' | 'ids'>,
  task: HumanTask,
): Promise<boolean> {
  const delivered = await deps.workflow.completeStep(task.taskToken, task.outcome as StepOutcome);
  if (delivered) await markDelivered(deps, task);
  return delivered;
}

async function markDelivered(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  task: HumanTask,
): Promise<void> {
  await changeCase(deps, task.caseId, async (record) => {
    const stored = await deps.cases.getTask(task.caseId, task.taskId);
    if (!stored || stored.delivered) return { unchanged: undefined };
    return { record, tasks: [{ ...stored, delivered: true }], result: undefined };
  }).catch(() => undefined); // Best effort: an undelivered flag only means the next arm re-sends the same outcome.
}
