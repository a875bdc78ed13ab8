/**
 * Scheduled sweeper: starts the review workflow of any case stored more than a minute ago whose start was
 * never confirmed (StartExecution failed or timed out after the case was written). Safe to overlap with the
 * intake handler: starts are idempotent by execution name.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { startPendingWorkflows } from '../../core/intake/submit-complaint';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.startPendingWorkflows.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async () => {
    const outcome = await startPendingWorkflows(deps);
    metrics.addMetric('WorkflowsRecovered', MetricUnit.Count, outcome.started);
    if (outcome.failed > 0) metrics.addMetric('WorkflowStartFailures', MetricUnit.Count, outcome.failed);
    logger.info('Sweep done', outcome);
    return outcome;
  });
