/**
 * Scheduled sweeper: starts the review workflow of any case stored more than a minute ago whose start was
 * never confirmed (StartExecution failed or timed out after the case was written). Safe to overlap with the
 * intake handler: starts are idempotent by execution name.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient, stepFunctionsClient } from '../../adapters/aws-clients';
import { DynamoCaseRepository } from '../../adapters/dynamodb/case-repository';
import { StepFunctionsCaseWorkflow } from '../../adapters/step-functions-workflow';
import { systemClock } from '../../adapters/system';
import { startPendingWorkflows } from '../../core/intake';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { logger, metrics } from '../../shared/observability';

const config = readConfig(FUNCTIONS.startPendingWorkflows.settings);
const deps = {
  cases: new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
  workflow: new StepFunctionsCaseWorkflow(stepFunctionsClient(), config.CASE_WORKFLOW_ARN),
  clock: systemClock,
  onWorkflowStartDeferred: (caseId: string, error: unknown) =>
    logger.warn('Workflow start failed again', { caseId, errorName: (error as Error)?.name }),
};

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async () => {
    const outcome = await startPendingWorkflows(deps);
    metrics.addMetric('WorkflowsRecovered', MetricUnit.Count, outcome.started);
    if (outcome.failed > 0) metrics.addMetric('WorkflowStartFailures', MetricUnit.Count, outcome.failed);
    logger.info('Sweep done', outcome);
    return outcome;
  });
