/** Task "<step> clock fired": sends the reminder, escalation or interim letter that fell due, once. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeDependencies } from '../../adapters/composition-root';
import { fireClockEvent } from '../../core/sla/fire-clock';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { FireClockInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.fireClock.settings);

export const handler = taskHandler(FireClockInput, async (input) => {
  const result = await fireClockEvent(deps, input);
  if (result.fired) {
    metrics.addDimension('event', input.event.replace(/-\d+$/, ''));
    metrics.addMetric('ClockEventFired', MetricUnit.Count, 1);
  }
  logger.info('Clock event', { caseId: input.caseId, step: input.step, event: input.event, ...result });
  return result;
});
