/**
 * Tasks that write to the complainant or alert a manager on the workflow's behalf: the information request,
 * the approved written response, the satisfaction survey, and the alert for an urgent allegation.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { idempotentTask } from '../../adapters/idempotency';
import { lifecycleDependencies } from '../../adapters/lifecycle-dependencies';
import { sendCaseCorrespondence } from '../../core/lifecycle';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { CorrespondenceInput } from './workflow-input';

const deps = lifecycleDependencies(FUNCTIONS.sendCorrespondence.settings);

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(parser({ schema: CorrespondenceInput }))
  .use(idempotentTask(deps.settings.tableName, '[caseId, action, execution]'))
  .handler(async (input) => {
    const result = await sendCaseCorrespondence(deps, input);
    logger.info('Correspondence', { caseId: input.caseId, action: input.action, sent: result.sent });
    return result;
  });
