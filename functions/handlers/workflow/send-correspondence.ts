/**
 * Tasks that write to the complainant or alert a manager on the workflow's behalf: the information request,
 * the approved written response, the satisfaction survey, and the alert for an urgent allegation.
 */
import { composeDependencies } from '../../adapters/composition-root';
import { sendCaseCorrespondence } from '../../core/review/send-correspondence';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { CorrespondenceInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.sendCorrespondence.settings);

export const handler = taskHandler(CorrespondenceInput, async (input) => {
  const result = await sendCaseCorrespondence(deps, input);
  logger.info('Correspondence', { caseId: input.caseId, action: input.action, sent: result.sent });
  return result;
});
