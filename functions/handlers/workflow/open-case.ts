/** Task "Open the case": sets the case's deadlines from its SLA policy; returns what steers the workflow. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../../adapters/aws-clients';
import { DynamoCaseRepository } from '../../adapters/dynamodb/case-repository';
import { systemClock, ulidGenerator } from '../../adapters/system';
import { openCase } from '../../core/review';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { logger } from '../../shared/observability';
import { CaseTaskInput } from './workflow-input';

const config = readConfig(FUNCTIONS.openCase.settings);
const deps = {
  cases: new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
  clock: systemClock,
  ids: ulidGenerator,
  settings: { timeZone: config.ORGANIZATION_TIME_ZONE, timeScale: config.SLA_TIME_SCALE },
};

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(parser({ schema: CaseTaskInput }))
  .handler(async ({ caseId }) => {
    logger.appendKeys({ caseId });
    return openCase(deps, caseId);
  });
