/** Task "Open the case": records that the execution runs; returns what steers the workflow. */
import { composeDependencies } from '../../adapters/composition-root';
import { openCase } from '../../core/review/open-the-case';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { OpenCaseInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.openCase.settings);

export const handler = taskHandler(OpenCaseInput, async (execution) => {
  logger.appendKeys({ caseId: execution.caseId });
  return openCase(deps, execution);
});
