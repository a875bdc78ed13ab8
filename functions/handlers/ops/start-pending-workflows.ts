/**
 * Scheduled sweeper: starts the review workflow of any case stored more than a minute ago whose start was
 * never confirmed (StartExecution failed or timed out after the case was written), and hands over steps completed
 * more than a minute ago whose outcome the workflow never received. Safe to overlap with the intake handler and the
 * console: starts are idempotent by execution name, and a hand-over with a used token is simply refused.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { startPendingWorkflows } from '../../core/intake/submit-complaint';
import { redeliverCompletedSteps } from '../../core/review/redeliver-steps';
import { FUNCTIONS } from '../../manifest';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.startPendingWorkflows.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async () => {
    const outcome = await startPendingWorkflows(deps);
    metrics.addMetric('WorkflowsRecovered', MetricUnit.Count, outcome.started);
    if (outcome.failed > 0) metrics.addMetric('WorkflowStartFailures', MetricUnit.Count, outcome.failed);
    const redelivery = await redeliverCompletedSteps(deps);
    metrics.addMetric('StepsRedelivered', MetricUnit.Count, redelivery.delivered);
    logger.info('Sweep done', { ...outcome, ...redelivery });
    return { ...outcome, ...redelivery };
  });
