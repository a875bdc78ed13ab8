/** Task "Flag the case for attention": a step failed for good; the case is flagged and its coordinators told. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeDependencies } from '../../adapters/composition-root';
import { flagForAttention } from '../../core/review/flag-for-attention';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { AttentionInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.flagForAttention.settings);

export const handler = taskHandler(AttentionInput, async (input) => {
  const result = await flagForAttention(deps, input);
  metrics.addMetric('CaseNeedsAttention', MetricUnit.Count, 1);
  logger.error('Case needs attention', {
    caseId: input.caseId,
    error: input.error,
    execution: input.execution,
  });
  return result;
});
