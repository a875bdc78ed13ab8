/**
 * The SES receipt rule as CDK configures it, carried out by the local SES receiving stand-in: what the rule's S3
 * action says (prefix, and whether SES encrypts the message client-side) is read from the synthesized template,
 * so a setting that would break every inbound email in AWS breaks this test first (receipt-rule-client-side.test.ts
 * shows the stand-in reproducing that breakage).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import type { ReceiptS3Action } from '../../local/smtp';
import { buildConsole } from '../../web/build-console';
import { ConsoleClient } from '../support/console-client';
import {
  type CasePage,
  emailComplaint,
  eventually,
  type HeldList,
  startTestStack,
  type TestStack,
} from '../support/local-stack';

const ROOT = join(import.meta.dirname, '..', '..');

/** The S3 action of the deployed receipt rule, from the template `cdk synth` produces. */
async function deployedS3Action(): Promise<ReceiptS3Action> {
  await buildConsole();
  const context = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
  const { stateless } = buildApp(new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }));
  const rules = Object.values(Template.fromStack(stateless).findResources('AWS::SES::ReceiptRule'));
  const actions = rules.flatMap(
    (rule) => rule.Properties.Rule.Actions as { S3Action?: Record<string, unknown> }[],
  );
  const s3 = actions.find((action) => action.S3Action)?.S3Action;
  if (!s3) throw new Error('The receipt rule stores no message in S3');
  return {
    objectKeyPrefix: String(s3.ObjectKeyPrefix),
    kmsKeyArn: s3.KmsKeyArn ? 'arn:aws:kms:us-east-1:000000000000:key/liaison-data' : undefined,
  };
}

describe('the receipt rule as deployed', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ inboundS3Action: await deployedS3Action() });
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('stores mail the handlers can read: an emailed complaint becomes a case', async () => {
    await emailComplaint(stack, 'Parking charge');
    const api = new ConsoleClient(stack.url);
    const held = await api.get<HeldList>('coordinator@example.org', '/api/held');
    expect(held.body.held.filter((message) => message.subject === 'Parking charge')).toEqual([]);
    const page = await eventually(async () => {
      const result = await api.get<CasePage>('coordinator@example.org', '/api/cases?stage=triage');
      return result.body.cases.length > 0 ? result.body : undefined;
    }, 'the case');
    expect(page.cases).toHaveLength(1);
  });
});
