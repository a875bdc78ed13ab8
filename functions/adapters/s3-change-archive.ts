/**
 * ChangeArchive on S3: one object per change in the history bucket, whose Object Lock (compliance mode, six
 * years) means no one, the root user included, can overwrite or delete it before then. Written only if absent
 * (If-None-Match), so a redelivered change is not stored twice; encrypted with the customer-managed key.
 * Object keys carry the date and the stream's change id, never a table key (some hold addresses).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchivedChange } from '../core/history/archive-changes';
import type { ChangeArchive } from '../core/ports';

export const HISTORY_PREFIX = 'changes/';

export function historyKey(change: Pick<ArchivedChange, 'id' | 'at'>): string {
  const day = change.at.slice(0, 10).replaceAll('-', '/');
  return `${HISTORY_PREFIX}${day}/${change.at}-${change.id.replace(/[^A-Za-z0-9-]/g, '')}.json`;
}

export class S3ChangeArchive implements ChangeArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly dataKeyArn: string,
  ) {}

  async keep(change: ArchivedChange): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: historyKey(change),
          Body: JSON.stringify(change),
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.dataKeyArn,
        }),
      );
    } catch (error) {
      const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      // Already kept by an earlier delivery. (A 409, that delivery's write still finishing, is retried.)
      if (name === 'PreconditionFailed' || $metadata?.httpStatusCode === 412) return;
      throw error;
    }
  }
}
