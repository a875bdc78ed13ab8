/** BlobStore on S3: raw inbound mail written by SES, attachments written here, both under the data key. */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Long enough to click, short enough that a leaked link is soon useless. */
export const DOWNLOAD_LINK_SECONDS = 300;

import type { BlobStore } from '../core/ports';

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly mailBucket: string,
    private readonly attachmentBucket: string,
    /** The customer-managed key: named on every write, or S3 would use aws/s3. */
    private readonly dataKeyArn: string,
  ) {}

  async getRawMail(key: string): Promise<Buffer> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.mailBucket, Key: key }));
    const bytes = await result.Body?.transformToByteArray();
    if (!bytes) throw new Error('The raw message is empty or missing');
    return Buffer.from(bytes);
  }

  async putAttachment(key: string, content: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.attachmentBucket,
        Key: key,
        Body: content,
        ContentType: contentType,
        // SSE-KMS without a key id means the AWS-managed aws/s3 key, whatever the bucket's default: name ours.
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.dataKeyArn,
      }),
    );
  }

  async attachmentDownloadUrl(key: string, filename: string, contentType: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.attachmentBucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${filename.replace(/["\\]/g, '_')}"`,
      ResponseContentType: contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: DOWNLOAD_LINK_SECONDS });
  }
}
