/**
 * A member of staff completes the human step a case waits on (POST /api/tasks/{taskId}/complete).
 *
 * Primary course: find the task -> check the body against the step's schema -> with a conditional write on the
 * case: check the task is still open and the actor may complete it, apply the decision (./steps), mark the task
 * completed -> hand the outcome to the waiting execution. Two people cannot both complete a step: the second
 * loses the conditional write and gets 409. If the token went stale meanwhile (a clock re-armed the wait), the
 * next arm hands the recorded outcome over (wait-for-step.ts).
 */
import { type Actor, assertMayComplete, mayWorkOn } from '../access/roles';
import { type HumanTask, isClosed, type StepOutcome, type WorkflowStep } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError, NotFoundError } from '../errors';
import { decideStep, parseDecision } from './decide-step';
import { handOver } from './wait-for-step';

const NO_SUCH_TASK = 'There is no such task.';

export async function completeTask(
  deps: Deps<
    | 'cases'
    | 'statistics'
    | 'observe'
    | 'references'
    | 'staff'
    | 'workflow'
    | 'clock'
    | 'ids'
    | 'settings'
    | 'documents'
  >,
  input: { actor: Actor; taskId: string; body: unknown },
): Promise<{ taskId: string; step: WorkflowStep; outcome: string }> {
  const found = await deps.cases.findTask(input.taskId);
  if (!found) throw new NotFoundError(NO_SUCH_TASK);
  // Authorize before reading the body: a task of a case the caller may not see is answered as no task at all,
  // and a step their role cannot complete says so before any field error could.
  const before = await loadCase(deps.cases, found.caseId);
  if (!mayWorkOn(input.actor, before)) throw new NotFoundError(NO_SUCH_TASK);
  assertMayComplete(input.actor, found, before);
  const decision = parseDecision(found.step, input.body);

  const task = await changeCase(deps, found.caseId, async (record, now) => {
    const stored = await deps.cases.getTask(found.caseId, found.taskId);
    if (stored?.status !== 'open' || isClosed(record)) {
      throw new ConflictError('This step is no longer open: someone completed it, or the case was closed.');
    }
    assertMayComplete(input.actor, stored, record);
    const applied = await decideStep(deps, record, decision, { actor: input.actor, now });
    const completed: HumanTask = {
      ...stored,
      status: 'completed',
      outcome: applied.outcome,
      completedBy: input.actor.userId,
      completedAt: now.toISOString(),
    };
    return {
      record: applied.record,
      tasks: [completed],
      audit: [
        {
          type: 'task.completed',
          actor: input.actor.userId,
          detail: { taskId: stored.taskId, step: stored.step, outcome: applied.outcome.outcome },
        },
        ...applied.audit,
      ],
      counters: applied.counters,
      result: completed,
    };
  });

  // The completion is saved: if Step Functions cannot take it right now, the sweeper hands it over within minutes
  // (redeliver-steps.ts), so the person who completed the step is not told it failed.
  await handOver(deps, task).catch((error) => deps.observe.handOverDeferred(task.caseId, error));
  return { taskId: task.taskId, step: task.step, outcome: (task.outcome as StepOutcome).outcome };
}
