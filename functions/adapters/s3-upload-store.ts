/**
 * UploadStore on S3: browser form posts (POST policy) straight into the attachments bucket under uploads/, and a
 * look at what arrived. The policy pins the key, the type, the size range and the data key's encryption, so a
 * grant cannot be used for anything else; a clean scan's version is copied under scanned/, which no grant reaches.
 */
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { ScannedObject, UploadStore } from '../core/ports';

export class S3UploadStore implements UploadStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /**
     * The customer-managed key grants pin (SSE-KMS without a key id would mean aws/s3). Read when a grant is made,
     * so a function that only inspects uploads need not be configured with it.
     */
    private readonly dataKeyArn: () => string,
  ) {}

  async grant(key: string, contentType: string, maxBytes: number, expiresSeconds: number) {
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
        ['eq', '$x-amz-server-side-encryption', 'aws:kms'],
        ['eq', '$x-amz-server-side-encryption-aws-kms-key-id', this.dataKeyArn()],
      ],
      Fields: {
        'Content-Type': contentType,
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': this.dataKeyArn(),
      },
      Expires: expiresSeconds,
    });
    return { url, fields };
  }

  async inspect(key: string, headBytes: number) {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const size = head.ContentLength ?? 0;
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=0-${Math.max(0, headBytes - 1)}`,
        }),
      );
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return { size, head: Buffer.from(bytes) };
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async keepScanned(upload: ScannedObject, target: string): Promise<'copied' | 'changed'> {
    const source = `${this.bucket}/${upload.key}${upload.versionId ? `?versionId=${encodeURIComponent(upload.versionId)}` : ''}`;
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: target,
          CopySource: source,
          // The ETag binds the copy to the scanned bytes where there is no version id (and double-checks it where
          // there is one); the scan's tags travel with the copy.
          CopySourceIfMatch: upload.eTag,
          TaggingDirective: 'COPY',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: this.dataKeyArn(),
        }),
      );
      return 'copied';
    } catch (error) {
      const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (name === 'PreconditionFailed' || $metadata?.httpStatusCode === 412) return 'changed';
      if (name === 'NoSuchKey' || name === 'NoSuchVersion') return 'changed';
      throw error;
    }
  }
}
