/**
 * The local SES receiving stand-in carries out a receipt rule whose S3 action has a KMS key as SES does: it
 * encrypts the message client-side before storing it, so handlers that read it with a plain GetObject get
 * ciphertext, as they would in AWS. (Its own file: each local stack runs in its own process.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../support/console-client';
import {
  type CasePage,
  emailComplaint,
  eventually,
  type HeldList,
  startTestStack,
  type TestStack,
} from '../support/local-stack';

describe('a receipt rule that encrypts client-side (the S3 action with a KMS key)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      inboundS3Action: { objectKeyPrefix: 'inbound/', kmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/x' },
    });
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('stores ciphertext the handlers cannot read, as in AWS: no case is opened', async () => {
    await emailComplaint(stack, 'Encrypted by SES');
    const api = new ConsoleClient(stack.url);
    const held = await eventually(async () => {
      const result = await api.get<HeldList>('coordinator@example.org', '/api/held');
      if (!result.body.held)
        throw new Error(`GET /api/held answered ${result.status}: ${JSON.stringify(result.body)}`);
      return result.body.held.length > 0 ? result.body.held : undefined;
    }, 'the held message');
    expect(held).toHaveLength(1);
    const cases = await api.get<CasePage>('coordinator@example.org', '/api/cases?stage=triage');
    expect(cases.body.cases).toEqual([]);
  });
});
