/**
 * The local stack runs the receipt rule the template has: given one whose S3 action has a KMS key, SES's stand-in
 * encrypts the message client-side before storing it, so handlers that read it with a plain GetObject get
 * ciphertext, as they would in AWS. This is the change to infra/stateless-stack.ts that once looked harmless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, synthesizeTemplates } from '../../local/assembly';
import { localSiteContext } from '../../local/stack';
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
    const templates = await synthesizeTemplates(localSiteContext());
    const [rule] = resourcesOfType(templates.stateless, 'AWS::SES::ReceiptRule').map(
      ([, resource]) => resource,
    );
    const actions = (rule?.Properties.Rule.Actions ?? []) as { S3Action?: Record<string, unknown> }[];
    const store = actions.find((action) => action.S3Action);
    if (!store?.S3Action) throw new Error('The receipt rule stores no message in S3');
    store.S3Action.KmsKeyArn = 'arn:aws:kms:us-east-1:000000000000:key/x';
    stack = await startTestStack({ templates });
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
