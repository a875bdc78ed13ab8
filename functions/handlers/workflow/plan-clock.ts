/** Task "Plan <step> clock": how long the next wait of a human step lasts and which event ends it. */
import { composeDependencies } from '../../adapters/composition-root';
import { planStepClock } from '../../core/sla/plan-clock';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { ClockInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.planClock.settings);

export const handler = taskHandler(ClockInput, async (input) => {
  const plan = await planStepClock(deps, input);
  logger.debug('Clock planned', { caseId: input.caseId, step: input.step, ...plan });
  return plan;
});
