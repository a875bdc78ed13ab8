/**
 * Task "Acknowledge the complainant": emails the acknowledgement once per case. The sent-mail log
 * (core/letters/send-once.ts) keeps a retry from sending it again, even when the write after the send failed.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeDependencies } from '../../adapters/composition-root';
import { acknowledge } from '../../core/review/acknowledge-the-complainant';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';
import { taskHandler } from './task-handler';
import { CaseTaskInput } from './workflow-input';

const deps = composeDependencies(FUNCTIONS.sendAcknowledgement.settings);

export const handler = taskHandler(CaseTaskInput, async ({ caseId }) => {
  logger.appendKeys({ caseId });
  const result = await acknowledge(deps, caseId);
  if (result.sent) metrics.addMetric('AcknowledgementSent', MetricUnit.Count, 1);
  return result;
});
