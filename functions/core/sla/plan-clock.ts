/**
 * "Plan <step> clock": decides the next clock event of a human step (reminder, escalation, interim letter, the
 * end of a wait for the complainant) and how long the "Wait for <step>" state may wait for it. Before the step's
 * task exists it plans from "opened now".
 */
import type { WorkflowStep } from '../case/case';
import { currentTaskOf, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { clockOf, policyOf } from './case-clock';
import { clockEvents, INTERIM_LETTER_EVENT, MAX_CLOCK_ROUNDS, planNext, stepDue } from './clock-events';

export class ClockLoopLimitError extends Error {
  override readonly name = 'Liaison.ClockLoopLimit';
}

export interface PlannedClock {
  event: string;
  waitSeconds: number;
  rounds: number;
}

export async function planStepClock(
  deps: Deps<'cases' | 'clock' | 'settings'>,
  input: { caseId: string; step: WorkflowStep; rounds: number },
): Promise<PlannedClock> {
  if (input.rounds >= MAX_CLOCK_ROUNDS) {
    throw new ClockLoopLimitError(`Clock rounds exceeded ${MAX_CLOCK_ROUNDS} for one execution`);
  }
  const record = await loadCase(deps.cases, input.caseId);
  const now = deps.clock.now();
  const policy = policyOf(record);
  const clock = clockOf(record, deps.settings);
  const current = await currentTaskOf(deps.cases, record);
  const task =
    current && current.step === input.step && current.status === 'open'
      ? current
      : {
          step: input.step,
          openedAt: now.toISOString(),
          dueAt: stepDue(record, input.step, now, policy, clock)?.dueAt,
          firedEvents: [] as string[],
        };
  const fired = new Set(task.firedEvents);
  if (record.interimLetter) fired.add(INTERIM_LETTER_EVENT);
  const plan = planNext(clockEvents(record, task, policy, clock), fired, now);
  return { event: plan.event, waitSeconds: plan.waitSeconds, rounds: input.rounds + 1 };
}
