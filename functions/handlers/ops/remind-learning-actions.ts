/**
 * Scheduled, hourly: learning actions due remind their owners, and a week overdue their manager, each once per due
 * date (learning/learning-actions.ts). Logs counts only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { remindLearningActions } from '../../core/learning/learning-actions';
import { FUNCTIONS } from '../../manifest';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.remindLearningActions.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async () => {
    const outcome = await remindLearningActions(deps);
    metrics.addMetric('LearningActionReminders', MetricUnit.Count, outcome.reminded);
    logger.info('Learning actions reminded', { ...outcome });
    return outcome;
  });
