/**
 * Property-based fuzzing (fast-check) of the whole inbound path on the local stack: raw bytes stored as SES
 * stores them, the receiveEmail handler invoked with an SES event. Whatever the input (random bytes, broken
 * MIME, mutated real messages, hostile headers), the handler does not crash, and the message ends as a case,
 * a reply on a case, or a held or quarantined message that really is stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { MailOutcome } from '../../functions/core/mail/receive-email';
import { localFunctionArn } from '../../local/assembly';
import { sesEvent } from '../../local/smtp';
import { stackS3, startTestStack, type TestStack } from '../support/local-stack';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const fixtures = readdirSync(FIXTURES).map((name) => readFileSync(join(FIXTURES, name)));
let stack: TestStack;
let s3: S3Client;
let counter = 0;

beforeAll(async () => {
  stack = await startTestStack();
  s3 = stackS3(stack);
});
afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
});

const headerNames = [
  'From',
  'To',
  'Subject',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Auto-Submitted',
  'Precedence',
  'Return-Path',
  'Date',
  'MIME-Version',
  'X-Liaison-Test-Virus',
  'X-Liaison-Test-Spam',
];
const headerValues = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    'multipart/mixed; boundary="x"',
    'multipart/alternative; boundary=',
    'text/plain; charset=x-unknown-charset',
    'text/html; charset=utf-16',
    'base64',
    'quoted-printable',
    '=?UTF-8?B?////?=',
    '=?ISO-8859-1?Q?=E9=?=',
    '<>',
    'auto-replied',
    'FAIL',
    'Ann <ann@example.com>',
    'complaints+01kzzzzzzzzzzzzzzzzzzzzzzz@liaison.example.org',
    '<not-ours@example.com>',
    'Re: [PR-2026-000001]',
  ),
);
const structured = fc
  .record({
    headers: fc.array(fc.tuple(fc.constantFrom(...headerNames), headerValues), { maxLength: 12 }),
    body: fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc.constantFrom(
        '--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--',
        '--x\r\n--x\r\n--x',
        '=\r\n=ZZ=\r\n',
      ),
    ),
  })
  .map(({ headers, body }) =>
    Buffer.from(`${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${body}`, 'utf8'),
  );
const mutated = fc
  .record({
    source: fc.constantFrom(...fixtures),
    cut: fc.nat(),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
  })
  .map(({ source, cut, flips }) => {
    const copy = Buffer.from(source.subarray(0, 1 + (cut % source.length)));
    for (const [at, value] of flips) copy[at % copy.length] = value;
    return copy;
  });
const rawMessages = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
  structured,
  mutated,
);

async function ends(outcome: MailOutcome): Promise<boolean> {
  const key = 'heldId' in outcome ? keys.held(outcome.heldId) : keys.case(outcome.caseId);
  const stored = await stack.db.send(new GetCommand({ TableName: stack.names.table, Key: key }));
  return stored.Item !== undefined;
}

describe('the inbound path under fuzzing', () => {
  it('never crashes and always keeps the message as a case, a reply or a held/quarantined message', async () => {
    await fc.assert(
      fc.asyncProperty(rawMessages, async (raw) => {
        counter += 1;
        const messageId = `fuzz${counter.toString().padStart(6, '0')}`;
        await s3.send(
          new PutObjectCommand({ Bucket: stack.names.mailBucket, Key: `inbound/${messageId}`, Body: raw }),
        );
        const result = (await stack.runtime.invoke(
          'receiveEmail',
          sesEvent(
            messageId,
            ['complaints@liaison.example.org'],
            'fuzz@example.com',
            raw,
            localFunctionArn('receiveEmail'),
          ),
        )) as { processed: number; outcomes: MailOutcome[] };
        expect(result.processed).toBe(1);
        const [outcome] = result.outcomes;
        expect(['case', 'reply', 'held', 'quarantined']).toContain(outcome?.kind);
        expect(await ends(outcome as MailOutcome)).toBe(true);
      }),
      { numRuns: 120, seed: 20261122 },
    );
  }, 180_000);

  it('turns the same SES event delivered 100 times at once into one case', async () => {
    const raw = Buffer.from(
      'From: Hundred Times <hundred@example.com>\r\nTo: complaints@liaison.example.org\r\nSubject: Sent once, delivered often\r\nMessage-ID: <hundred@example.com>\r\n\r\nThe parking charges are unfair.\r\n',
    );
    await s3.send(
      new PutObjectCommand({ Bucket: stack.names.mailBucket, Key: 'inbound/hundred', Body: raw }),
    );
    const event = sesEvent(
      'hundred',
      ['complaints@liaison.example.org'],
      'hundred@example.com',
      raw,
      localFunctionArn('receiveEmail'),
    );
    const results = (await Promise.all(
      Array.from({ length: 100 }, () => stack.runtime.invoke('receiveEmail', structuredClone(event))),
    )) as { outcomes: MailOutcome[] }[];
    const caseIds = new Set(results.map((result) => (result.outcomes[0] as { caseId?: string }).caseId));
    expect(caseIds.size).toBe(1);
    expect(results.every((result) => result.outcomes[0]?.kind === 'case')).toBe(true);
  }, 120_000);
});
