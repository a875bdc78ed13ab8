/**
 * The table's DynamoDB stream (new and old images): every change goes to the write-once history bucket. Reports
 * the first change it could not keep, so Lambda redelivers from there in order (ReportBatchItemFailures); what
 * still fails when the stream's 24 hours run out goes to the dead-letter queue, whose depth has an alarm.
 * Logs counts only: the images are PHI.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { composeDependencies } from '../../adapters/composition-root';
import { archiveChanges, type ChangeKind, type TableChange } from '../../core/history/archive-changes';
import { FUNCTIONS } from '../../manifest';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const deps = composeDependencies(FUNCTIONS.archiveChanges.settings);

const KINDS: Record<string, ChangeKind> = { INSERT: 'insert', MODIFY: 'modify', REMOVE: 'remove' };

const image = (value: Record<string, unknown> | undefined) =>
  value ? unmarshall(value as Record<string, AttributeValue>) : undefined;

/** A stream record as the core's change; TTL deletions are told apart from the (never granted) DeleteItem. */
export function changeOf(record: DynamoDBRecord): TableChange {
  const stream = record.dynamodb ?? {};
  const expired =
    record.userIdentity?.type === 'Service' && record.userIdentity?.principalId === 'dynamodb.amazonaws.com';
  return {
    id: record.eventID ?? stream.SequenceNumber ?? '',
    at: new Date((stream.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
    kind: expired ? 'expire' : (KINDS[record.eventName ?? ''] ?? 'modify'),
    keys: image(stream.Keys) ?? {},
    before: image(stream.OldImage),
    after: image(stream.NewImage),
  };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = event.Records ?? [];
    const changes = records.map(changeOf);
    const { kept, failed } = await archiveChanges(deps, changes);
    metrics.addMetric('ChangesArchived', MetricUnit.Count, kept);
    if (failed.length > 0) {
      metrics.addMetric('ChangesNotArchived', MetricUnit.Count, failed.length);
      logger.warn('Changes not archived yet; the stream will redeliver them', {
        kept,
        failed: failed.length,
      });
    }
    const firstFailed = records[kept]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: firstFailed ? [{ itemIdentifier: firstFailed }] : [] };
  });
