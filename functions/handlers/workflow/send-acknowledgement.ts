/**
 * Task "Acknowledge the complainant": emails the acknowledgement once per case.
 * Two guards against a second email: Powertools idempotency (same caseId within the hour, including
 * concurrent duplicate deliveries) and the conditional write that records the acknowledgement on the case.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { dynamoDocumentClient, sesV2Client } from '../../adapters/aws-clients';
import { DynamoCaseRepository } from '../../adapters/dynamodb/case-repository';
import { idempotentTask } from '../../adapters/idempotency';
import { SesMailer } from '../../adapters/ses-mailer';
import { systemClock, ulidGenerator } from '../../adapters/system';
import { acknowledge } from '../../core/review';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { logger, metrics } from '../../shared/observability';
import { CaseTaskInput } from './workflow-input';

const config = readConfig(FUNCTIONS.sendAcknowledgement.settings);
const deps = {
  cases: new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
  mailer: new SesMailer(sesV2Client(), config.MAIL_FROM, config.SES_CONFIGURATION_SET),
  clock: systemClock,
  ids: ulidGenerator,
  settings: {
    organizationName: config.ORGANIZATION_NAME,
    organizationPhone: config.ORGANIZATION_PHONE,
    timeZone: config.ORGANIZATION_TIME_ZONE,
    mailFrom: config.MAIL_FROM,
  },
};

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: CaseTaskInput }))
  .use(idempotentTask(config.TABLE_NAME, 'caseId'))
  .handler(async ({ caseId }) => {
    logger.appendKeys({ caseId });
    const result = await acknowledge(deps, caseId);
    if (result.sent) metrics.addMetric('AcknowledgementSent', MetricUnit.Count, 1);
    return result;
  });
