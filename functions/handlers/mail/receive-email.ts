/**
 * SES receipt rule action: SES has stored the raw message in the mail bucket (its S3 action runs first) and
 * invokes this function asynchronously. Each message becomes a case, a reply on its case, or a held message.
 *
 * The event is read with a lenient schema on purpose (not Powertools' SesSchema, which requires headers a
 * malformed message may lack): nothing about a message may stop it being kept. Only infrastructure errors are
 * thrown, so SES's asynchronous invocation retries them and the on-failure destination keeps what still fails.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import type { Verdict } from '../../core/mail/mail-items';
import { type MailOutcome, receiveEmail } from '../../core/mail/receive-email';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.receiveEmail.settings);
const { INBOUND_MAIL_PREFIX } = readConfig(['INBOUND_MAIL_PREFIX']);

const verdict = z
  .object({ status: z.string() })
  .optional()
  .transform((value): Verdict => {
    const status = value?.status?.toUpperCase();
    return status === 'PASS' || status === 'FAIL' || status === 'GRAY' || status === 'DISABLED'
      ? status
      : 'PROCESSING_FAILED';
  });

export const SesReceiptEvent = z.object({
  Records: z.array(
    z.object({
      ses: z.object({
        mail: z.object({
          messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
          timestamp: z.string().optional(),
          // The envelope sender (MAIL FROM): '' for bounces and other mail from the null sender.
          source: z.string().max(1000).optional(),
        }),
        receipt: z.object({
          timestamp: z.string().optional(),
          recipients: z.array(z.string()).default([]),
          spamVerdict: verdict,
          virusVerdict: verdict,
          spfVerdict: verdict,
          dkimVerdict: verdict,
          dmarcVerdict: verdict,
        }),
      }),
    }),
  ),
});

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async (event: unknown) => {
    const parsed = SesReceiptEvent.safeParse(event);
    if (!parsed.success) {
      // Not an SES receipt event at all: there is no stored message to keep, and retrying cannot help.
      logger.error('Not an SES receipt event', { issues: parsed.error.issues.length });
      return { processed: 0, outcomes: [] };
    }
    const outcomes: MailOutcome[] = [];
    for (const record of parsed.data.Records) {
      const { mail, receipt } = record.ses;
      const outcome = await receiveEmail(deps, {
        sesMessageId: mail.messageId,
        rawKey: `${INBOUND_MAIL_PREFIX}${mail.messageId}`,
        receivedAt: receipt.timestamp ?? mail.timestamp ?? new Date().toISOString(),
        recipients: receipt.recipients,
        envelopeSender: mail.source,
        verdicts: {
          spam: receipt.spamVerdict,
          virus: receipt.virusVerdict,
          spf: receipt.spfVerdict,
          dkim: receipt.dkimVerdict,
          dmarc: receipt.dmarcVerdict,
        },
      });
      logger.info('Email received', {
        sesMessageId: mail.messageId,
        outcome: outcome.kind,
        caseId: 'caseId' in outcome ? outcome.caseId : undefined,
        reason: 'reason' in outcome ? outcome.reason : undefined,
      });
      metrics.addMetric('EmailReceived', MetricUnit.Count, 1);
      outcomes.push(outcome);
    }
    // Ids and kinds only, for the invocation record and tests.
    return { processed: outcomes.length, outcomes };
  });
