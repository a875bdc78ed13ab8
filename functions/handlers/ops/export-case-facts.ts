/**
 * Scheduled, daily: the reports' read model to the export bucket, one JSON Lines file per month received, for
 * Athena (reporting/export-case-facts.ts; docs/athena.md). Logs counts only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { exportCaseFacts } from '../../core/reporting/export-case-facts';
import { FUNCTIONS } from '../../manifest';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.exportCaseFacts.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async () => {
    const outcome = await exportCaseFacts(deps);
    metrics.addMetric('CaseFactsExported', MetricUnit.Count, outcome.cases);
    logger.info('Case facts exported', { ...outcome });
    return outcome;
  });
