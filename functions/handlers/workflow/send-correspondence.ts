/**
 * Tasks that write to the complainant or alert a manager on the workflow's behalf: the information request,
 * the approved written response, the satisfaction survey, and the alert for an urgent allegation.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { sendCaseCorrespondence } from '../../core/review/send-correspondence';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { CorrespondenceInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.sendCorrespondence.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: CorrespondenceInput }))
  .handler(async (input) => {
    const result = await sendCaseCorrespondence(deps, input);
    logger.info('Correspondence', { caseId: input.caseId, action: input.action, sent: result.sent });
    return result;
  });
