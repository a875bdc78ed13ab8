/** Task "Open the case": records that the execution runs; returns what steers the workflow. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { openCase } from '../../core/review/open-the-case';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { OpenCaseInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.openCase.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: OpenCaseInput }))
  .handler(async (execution) => {
    logger.appendKeys({ caseId: execution.caseId });
    return openCase(deps, execution);
  });
