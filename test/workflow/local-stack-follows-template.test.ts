/**
 * The local stack runs what `cdk synth` produces: the receipt rule as the template configures it, and IAM as the
 * template grants it. A grant removed from the synthesized app is a call the local stack refuses, as AWS would,
 * and the attachment bucket's policy keeps unscanned uploads unreadable by tag, as in AWS.
 */
import { GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PREFIX } from '../../functions/core/uploads/web-uploads';
import { SCAN_STATUS_TAG } from '../../infra/stateful-stack';
import {
  functionOf,
  resourcesOfType,
  type SynthesizedTemplates,
  synthesizeTemplates,
} from '../../local/assembly';
import { localSiteContext } from '../../local/stack';
import { ConsoleClient } from '../support/console-client';
import { familyComplaint } from '../support/fixtures';
import {
  type CasePage,
  emailComplaint,
  eventually,
  type HeldList,
  stackS3,
  startTestStack,
  type TestStack,
} from '../support/local-stack';

describe('the deployed template, run locally', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('stores mail the handlers can read, as its receipt rule says: an emailed complaint becomes a case', async () => {
    await emailComplaint(stack, 'Parking charge');
    const api = new ConsoleClient(stack.url);
    const page = await eventually(async () => {
      const result = await api.get<CasePage>('coordinator@example.org', '/api/cases?stage=triage');
      return result.body.cases.length > 0 ? result.body : undefined;
    }, 'the case');
    expect(page.cases).toHaveLength(1);
    const held = await api.get<HeldList>('coordinator@example.org', '/api/held');
    expect(held.body.held.filter((message) => message.subject === 'Parking charge')).toEqual([]);
  });

  it('lets a function read an upload only once the scan has tagged it clean (the bucket policy, by tag)', async () => {
    const admin = stackS3(stack);
    // receiveUpload's role may read uploads (infra: keepScannedUploads); the bucket policy still says no until then.
    const asReceiveUpload = new S3Client({
      endpoint: stack.endpoints.s3,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: stack.iam.credentialsFor('receiveUpload'),
    });
    const Bucket = stack.names.attachmentBucket;
    const Key = `${UPLOAD_PREFIX}template-test/photo.jpg`;
    await admin.send(new PutObjectCommand({ Bucket, Key, Body: 'not scanned yet' }));
    const refused = await asReceiveUpload.send(new GetObjectCommand({ Bucket, Key })).catch((error) => error);
    expect(refused.name).toBe('AccessDenied');
    expect(refused.message).toContain('explicit deny in a resource-based policy');

    await admin.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key,
        Tagging: { TagSet: [{ Key: SCAN_STATUS_TAG, Value: 'NO_THREATS_FOUND' }] },
      }),
    );
    const read = await asReceiveUpload.send(new GetObjectCommand({ Bucket, Key }));
    expect(await read.Body?.transformToString()).toBe('not scanned yet');
    admin.destroy();
    asReceiveUpload.destroy();
  });
});

/** The synthesized app with one action taken out of a function's role policy. */
function withoutGrant(templates: SynthesizedTemplates, functionName: string, action: string) {
  const [, fn] = resourcesOfType(templates.stateless, 'AWS::Lambda::Function').find(
    ([, resource]) => functionOf(resource) === functionName,
  ) as [string, { Properties: { Role: { 'Fn::GetAtt': [string, string] } } }];
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  let removed = 0;
  for (const [, policy] of resourcesOfType(templates.stateless, 'AWS::IAM::Policy')) {
    if (!JSON.stringify(policy.Properties.Roles).includes(`"${role}"`)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]) {
      const actions = [statement.Action].flat();
      if (!actions.includes(action)) continue;
      statement.Action = actions.filter((candidate) => candidate !== action);
      removed += 1;
    }
  }
  if (removed === 0) throw new Error(`${functionName}'s role has no ${action} to remove`);
  return templates;
}

describe('a grant removed from the CDK app', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const templates = withoutGrant(
      await synthesizeTemplates(localSiteContext()),
      'submitComplaint',
      'dynamodb:PutItem',
    );
    stack = await startTestStack({ templates });
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('is a call the local stack refuses, as AWS would: the complaint is not taken and nothing is written', async () => {
    const response = await fetch(`${stack.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'no-put-item' },
      body: JSON.stringify(familyComplaint()),
    });
    expect(response.status).toBe(500);
    const cases = await new ConsoleClient(stack.url).get<CasePage>(
      'coordinator@example.org',
      '/api/cases?stage=triage',
    );
    expect(cases.body.cases).toEqual([]);
  });

  it('refuses it with the words AWS uses, naming the role and the action', async () => {
    const denial = await stack.iam
      .authorize(stack.iam.callerOfKey(stack.iam.credentialsFor('submitComplaint').accessKeyId), [
        {
          action: 'dynamodb:PutItem',
          resource: `arn:aws:dynamodb:us-east-1:000000000000:table/${stack.names.table}`,
        },
      ])
      .catch((error: Error) => error);
    expect(denial).toBeInstanceOf(Error);
    expect((denial as Error).message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/SubmitComplaint\w+\/submitComplaint is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/liaison-cases because no identity-based policy allows the dynamodb:PutItem action$/,
    );
  });

  it('still allows what the role was granted: the same function reads the hospital lists', async () => {
    const response = await fetch(`${stack.url}/api/lists`);
    expect(response.status).toBe(200);
  });
});
