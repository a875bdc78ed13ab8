/**
 * EventBridge: GuardDuty Malware Protection for S3 has scanned an object under uploads/ in the attachments bucket
 * (locally, the stack emulates the same event). The file joins its case, or is quarantined, held or refused.
 * Events for other buckets or keys are ignored; infrastructure errors are thrown so EventBridge retries them and
 * the dead-letter queue keeps what still fails.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import { acceptUpload, type ScanVerdict } from '../../core/uploads/web-uploads';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.receiveUpload.settings);
const { ATTACHMENT_BUCKET } = readConfig(['ATTACHMENT_BUCKET']);

const VERDICTS = ['NO_THREATS_FOUND', 'THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'] as const;

export const ScanResultEvent = z.object({
  'detail-type': z.literal('GuardDuty Malware Protection Object Scan Result'),
  detail: z.object({
    s3ObjectDetails: z.object({
      bucketName: z.string(),
      objectKey: z.string(),
      // The scanned version: the verdict is about it, not about whatever the key holds now.
      versionId: z.string().min(1).optional(),
      eTag: z.string().min(1).optional(),
    }),
    scanResultDetails: z.object({
      // An unknown status is treated as an incomplete scan: the file is held, never attached.
      scanResultStatus: z
        .string()
        .transform(
          (status): ScanVerdict =>
            (VERDICTS as readonly string[]).includes(status) ? (status as ScanVerdict) : 'FAILED',
        ),
    }),
  }),
});

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async (event: unknown) => {
    const parsed = ScanResultEvent.safeParse(event);
    if (!parsed.success) {
      logger.error('Not a malware scan result', { issues: parsed.error.issues.length });
      return { outcome: 'ignored' };
    }
    const { s3ObjectDetails, scanResultDetails } = parsed.data.detail;
    if (s3ObjectDetails.bucketName !== ATTACHMENT_BUCKET) return { outcome: 'ignored' };
    const outcome = await acceptUpload(deps, {
      key: s3ObjectDetails.objectKey,
      versionId: s3ObjectDetails.versionId,
      eTag: s3ObjectDetails.eTag,
      verdict: scanResultDetails.scanResultStatus,
    });
    // The key holds a case id only: no PHI in the log.
    logger.info('Upload scanned', { key: s3ObjectDetails.objectKey, outcome });
    metrics.addMetric(`Upload_${outcome}`, MetricUnit.Count, 1);
    return { outcome };
  });
