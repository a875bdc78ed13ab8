/** The AWS adapters' contracts with their services, with the SDK clients mocked. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/s3-blob-store';
import { S3UploadStore } from '../../functions/adapters/s3-upload-store';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { StepFunctionsCaseWorkflow } from '../../functions/adapters/step-functions-workflow';

const ses = mockClient(SESv2Client);
const sfn = mockClient(SFNClient);
beforeEach(() => {
  ses.reset();
  sfn.reset();
});

describe('SesMailer', () => {
  it('sends through SES v2 with our headers and returns the Message-ID recipients will quote', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0100019a-abc' });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-2' }), 'PR <pr@example.org>', 'liaison');
    const sent = await mailer.send({
      to: 'ann@example.com',
      subject: 'We have received your complaint [PR-2026-000001]',
      text: 'Dear Ann',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    expect(sent.messageId).toBe('<0100019a-abc@eu-west-2.amazonses.com>');
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe('PR <pr@example.org>');
    expect(input?.ConfigurationSetName).toBe('liaison');
    expect(input?.Content?.Simple?.Headers).toEqual([{ Name: 'Auto-Submitted', Value: 'auto-generated' }]);
  });

  it('uses email.amazonses.com in us-east-1', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'id-1' });
    const mailer = new SesMailer(new SESv2Client({ region: 'us-east-1' }), 'pr@example.org');
    expect((await mailer.send({ to: 'a@example.com', subject: 's', text: 't' })).messageId).toBe(
      '<id-1@email.amazonses.com>',
    );
  });
});

describe('StepFunctionsCaseWorkflow', () => {
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:liaison-case-review';

  it('treats ExecutionAlreadyExists as an execution that ran and ended, and answers with its ARN', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const workflow = new StepFunctionsCaseWorkflow(new SFNClient({ region: 'us-east-1' }), machine);
    expect(await workflow.startCaseReview('01KCASE', 'case-01KCASE')).toEqual({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:liaison-case-review:case-01KCASE',
      ended: true,
    });
  });

  it('lets other errors through so intake defers the start', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('x'), { name: 'ThrottlingException' }));
    const workflow = new StepFunctionsCaseWorkflow(new SFNClient({ region: 'us-east-1' }), machine);
    await expect(workflow.startCaseReview('01KCASE', 'case-01KCASE')).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });
});

describe('S3 writes name the customer-managed key', () => {
  // SSE-KMS without a key id means the AWS-managed aws/s3 key, whatever the bucket's default encryption.
  const KEY = 'arn:aws:kms:us-east-1:000000000000:key/liaison-data';

  it('on attachments taken from mail', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    await new S3BlobStore(new S3Client({ region: 'us-east-1' }), 'mail', 'attachments', KEY).putAttachment(
      'mail/x/0',
      Buffer.from('%PDF'),
      'application/pdf',
    );
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY,
    });
    s3.restore();
  });

  it('in the upload grants a browser posts with', async () => {
    const store = new S3UploadStore(
      new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      'attachments',
      () => KEY,
    );
    const { fields } = await store.grant('uploads/x/0', 'image/png', 1000, 900);
    expect(fields['x-amz-server-side-encryption-aws-kms-key-id']).toBe(KEY);
    const policy = JSON.parse(Buffer.from(fields.Policy as string, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['eq', '$x-amz-server-side-encryption-aws-kms-key-id', KEY]);
  });
});
