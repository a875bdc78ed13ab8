/**
 * Target of every `.waitForTaskToken` human step: stores the open task with its token so the console can
 * complete it later. Returns quickly; the execution waits until SendTaskSuccess/Failure or its timeout.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../../adapters/aws-clients';
import { DynamoCaseRepository } from '../../adapters/dynamodb/case-repository';
import { systemClock, ulidGenerator } from '../../adapters/system';
import { openHumanTask } from '../../core/review';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { logger } from '../../shared/observability';
import { HumanTaskInput } from './workflow-input';

const config = readConfig(FUNCTIONS.openHumanTask.settings);
const deps = {
  cases: new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
  clock: systemClock,
  ids: ulidGenerator,
};

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(parser({ schema: HumanTaskInput }))
  .handler(async (input) => {
    logger.appendKeys({ caseId: input.caseId, step: input.step });
    const { taskId } = await openHumanTask(deps, input);
    logger.info('Human task opened', { taskId });
    return { taskId };
  });
