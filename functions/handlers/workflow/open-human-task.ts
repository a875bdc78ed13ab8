/**
 * Target of every `.waitForTaskToken` human step ("Wait for <step>"): opens the step's task with its token, or
 * re-arms it with the new token after a clock event, or hands over an outcome recorded while no token was
 * current. Returns at once; the execution waits for SendTaskSuccess/Failure or the planned timeout.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { composeDependencies } from '../../adapters/composition-root';
import { armHumanTask } from '../../core/review/wait-for-step';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { HumanTaskInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.openHumanTask.settings);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(parser({ schema: HumanTaskInput }))
  .handler(async (input) => {
    logger.appendKeys({ caseId: input.caseId, step: input.step });
    const result = await armHumanTask(deps, input);
    logger.info('Human step armed', {
      taskId: result.taskId,
      delivered: result.delivered,
      withdrawn: result.withdrawn,
    });
    return result;
  });
