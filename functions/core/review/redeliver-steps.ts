/**
 * The sweeper's second job: a step completed in the console whose hand-over to the workflow failed (SendTaskSuccess
 * threw after the completion was saved) would otherwise wait for its next clock event, up to 20 days. Every few
 * minutes, hand over what is still undelivered. A token that went stale is left to the step's next arm, which
 * delivers the recorded outcome itself (wait-for-step.ts).
 */
import type { Deps } from '../dependencies';
import { handOver } from './wait-for-step';

/** Completions younger than this are left to the request that is probably still handing them over. */
export const REDELIVERY_GRACE_MS = 60_000;
const BATCH = 100;

export async function redeliverCompletedSteps(
  deps: Deps<'cases' | 'workflow' | 'statistics' | 'observe' | 'clock' | 'ids'>,
): Promise<{ delivered: number; stale: number }> {
  const before = new Date(deps.clock.now().getTime() - REDELIVERY_GRACE_MS).toISOString();
  const tasks = await deps.cases.listUndeliveredTasks(before, BATCH);
  let delivered = 0;
  let stale = 0;
  for (const listed of tasks) {
    // The index is eventually consistent: read the task itself.
    const task = await deps.cases.getTask(listed.caseId, listed.taskId);
    if (task?.status !== 'completed' || task.delivered || !task.outcome) continue;
    if (await handOver(deps, task)) delivered += 1;
    else stale += 1;
  }
  return { delivered, stale };
}
