/**
 * ReportExports on S3: the export bucket, each file replaced whole by the next run, encrypted with the
 * customer-managed key. Holds no PHI (case facts only), and still only for the roles that need it.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportExports } from '../core/ports';

export class S3ReportExports implements ReportExports {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly dataKeyArn: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.dataKeyArn,
      }),
    );
  }
}
