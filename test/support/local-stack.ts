/** The whole local stack in this test process, in memory, on free ports; plus helpers to wait on it. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack';

export interface TestStack extends LocalStack {
  sfn: SFNClient;
  db: DynamoDBDocumentClient;
  dataDir: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<TestStack> {
  // The suites send many complaints from the same few addresses; the per-address acknowledgement limit has its
  // own test (test/workflow/security.test.ts), which sets the deployed default before it starts.
  process.env.ACKNOWLEDGEMENT_LIMIT ??= '1000';
  const dataDir = await mkdtemp(join(tmpdir(), 'liaison-test-'));
  const stack = await startLocalStack({ port: 0, dataDir, persist: false, ...options });
  // Every function warm before the first test: the compressed clocks leave no room for a cold start's second.
  await stack.functionsStarted();
  const sfn = new SFNClient({
    endpoint: stack.endpoints.stepfunctions,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  return {
    ...stack,
    sfn,
    db,
    dataDir,
    stop: async () => {
      sfn.destroy();
      db.destroy();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 100 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The .eml files in the outbox, oldest first, with their text. */
export async function outbox(dir: string): Promise<{ file: string; raw: string }[]> {
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => ({ file, raw: await readFile(join(dir, file), 'utf8') })));
}

/** Each sent email parsed once: an .eml is written whole and never changes, and tests poll the outbox often. */
const parsedMail = new Map<string, Promise<ParsedMail>>();

/** The outbox's emails, parsed, in the order they were sent. */
export async function outboxMail(dir: string): Promise<ParsedMail[]> {
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith('.eml')).sort();
  return Promise.all(
    files.map((file) => {
      const path = join(dir, file);
      let parsed = parsedMail.get(path);
      if (!parsed) {
        parsed = readFile(path).then((raw) => simpleParser(raw));
        parsedMail.set(path, parsed);
      }
      return parsed;
    }),
  );
}

/**
 * Sends a message over SMTP to the local SES receiving stand-in, as a mail client would, and waits until
 * receiveEmail has run on it (delivery is asynchronous, as with SES).
 */
export async function emailIntake(
  stack: Pick<TestStack, 'endpoints' | 'mailDelivered'>,
  message: { from: string; to: string; subject: string; text: string },
): Promise<void> {
  const port = Number(new URL(stack.endpoints.smtp).port);
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await transport.sendMail(message);
  transport.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stack.mailDelivered();
}

/** An emailed complaint from Ann Example, with the given subject, through the local SES stand-in. */
export const emailComplaint = (stack: Pick<TestStack, 'endpoints' | 'mailDelivered'>, subject: string) =>
  emailIntake(stack, {
    from: 'Ann Example <ann@example.com>',
    to: 'complaints@liaison.example.org',
    subject,
    text: 'The car park machine took my money twice.',
  });

/** What GET /api/cases and GET /api/held answer, as far as the mail tests read them. */
export type CasePage = { cases: { reference: string; caseId: string }[] };
export type HeldList = { held: { subject?: string; reason: string }[] };

/** An S3 client on the stack's S3 stand-in (s3rver accepts its one key pair only). */
export function stackS3(stack: Pick<TestStack, 'endpoints'>): S3Client {
  return new S3Client({
    endpoint: stack.endpoints.s3,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
