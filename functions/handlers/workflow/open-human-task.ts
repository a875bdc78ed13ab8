/**
 * Target of every `.waitForTaskToken` human step ("Wait for <step>"): opens the step's task with its token, or
 * re-arms it with the new token after a clock event, or hands over an outcome recorded while no token was
 * current. Returns at once; the execution waits for SendTaskSuccess/Failure or the planned timeout.
 */
import { composeDependencies } from '../../adapters/composition-root';
import { armHumanTask } from '../../core/review/wait-for-step';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { HumanTaskInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.openHumanTask.settings);

export const handler = taskHandler(HumanTaskInput, async (input) => {
  logger.appendKeys({ caseId: input.caseId, step: input.step });
  const result = await armHumanTask(deps, input);
  logger.info('Human step armed', {
    taskId: result.taskId,
    delivered: result.delivered,
    withdrawn: result.withdrawn,
  });
  return result;
});
