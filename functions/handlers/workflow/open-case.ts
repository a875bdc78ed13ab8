/** Task "Open the case": sets the case's deadlines from its SLA policy; returns what steers the workflow. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { openCase } from '../../core/review/open-the-case';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { CaseTaskInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.openCase.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: CaseTaskInput }))
  .handler(async ({ caseId }) => {
    logger.appendKeys({ caseId });
    return openCase(deps, caseId);
  });
