/**
 * The local stand-in for SES receiving: an SMTP server (smtp-server) that accepts mail for the mail domain,
 * stores the raw message in the local S3 bucket as SES's S3 action would, and invokes the same receiveEmail
 * handler asynchronously with an SES-shaped event, as SES's Lambda action does.
 *
 * Verdicts are PASS unless the message carries test headers, so every path can be tried from a mail client:
 *   X-Liaison-Test-Virus: FAIL   X-Liaison-Test-Spam: FAIL   X-Liaison-Test-Dmarc: FAIL
 *   X-Liaison-Test-Spf: FAIL     X-Liaison-Test-Dkim: FAIL
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SMTPServer } from 'smtp-server';

/** SES's own limit for received mail. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** What the receipt rule's S3 action says (AWS::SES::ReceiptRule S3Action), which the stand-in carries out. */
export interface ReceiptS3Action {
  objectKeyPrefix: string;
  /** Set: SES encrypts the message client-side with this key before storing it, as the S3 encryption client does. */
  kmsKeyArn?: string;
}

export interface LocalSmtpOptions {
  mailDomain: string;
  s3: S3Client;
  bucket: string;
  s3Action: ReceiptS3Action;
  /** Invokes receiveEmail with the SES event; errors are retried twice, as SES's asynchronous invocation does. */
  deliver: (event: unknown) => Promise<unknown>;
  onDelivered?: (messageId: string, error?: unknown) => void;
}

function verdictsOf(raw: Buffer): Record<string, string> {
  const head =
    raw
      .subarray(0, Math.min(raw.length, 64 * 1024))
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  const verdict = (name: string) =>
    new RegExp(`^X-Liaison-Test-${name}:\\s*(PASS|FAIL|GRAY|PROCESSING_FAILED)\\s*$`, 'im')
      .exec(head)?.[1]
      ?.toUpperCase() ?? 'PASS';
  return {
    spam: verdict('Spam'),
    virus: verdict('Virus'),
    spf: verdict('Spf'),
    dkim: verdict('Dkim'),
    dmarc: verdict('Dmarc'),
  };
}

/** The SES receipt event for a stored message (only what SES always sends; headers are read from S3). */
export function sesEvent(
  messageId: string,
  recipients: string[],
  source: string,
  raw: Buffer,
  functionArn: string,
) {
  const verdicts = verdictsOf(raw);
  const now = new Date().toISOString();
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: now,
            source,
            messageId,
            destination: recipients,
            headersTruncated: false,
            headers: [],
            commonHeaders: {},
          },
          receipt: {
            timestamp: now,
            processingTimeMillis: 1,
            recipients,
            spamVerdict: { status: verdicts.spam },
            virusVerdict: { status: verdicts.virus },
            spfVerdict: { status: verdicts.spf },
            dkimVerdict: { status: verdicts.dkim },
            dmarcVerdict: { status: verdicts.dmarc },
            dmarcPolicy: 'none',
            action: { type: 'Lambda', functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

export function createSmtpServer(options: LocalSmtpOptions & { functionArn: string }): SMTPServer {
  const domain = options.mailDomain.toLowerCase();
  return new SMTPServer({
    name: domain,
    banner: 'Liaison local SES receiving stand-in',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith(`@${domain}`)) return callback();
      const refused = Object.assign(new Error(`Mailbox unavailable: only @${domain} is received here`), {
        responseCode: 550,
      });
      return callback(refused);
    },
    onData(stream, session, callback) {
      // Read the envelope now: smtp-server resets the session once the message is accepted.
      const recipients = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
      // The null sender `MAIL FROM:<>` (bounces) is '' here, as in SES's event.
      const source = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        // SES message ids are opaque lowercase tokens.
        const messageId = randomBytes(16).toString('hex');
        try {
          await options.s3.send(
            new PutObjectCommand({
              Bucket: options.bucket,
              Key: `${options.s3Action.objectKeyPrefix}${messageId}`,
              ...storedAsSesStoresIt(raw, options.s3Action),
            }),
          );
        } catch (error) {
          return callback(
            Object.assign(new Error(`Could not store the message: ${(error as Error).message}`), {
              responseCode: 451,
            }),
          );
        }
        callback();
        const event = sesEvent(messageId, recipients, source, raw, options.functionArn);
        void deliverWithRetries(options, event, messageId);
      });
    },
  });
}

/**
 * The object SES writes. With a KMS key on the S3 action, SES encrypts the message itself (AES-GCM under a data
 * key wrapped by KMS, the envelope in `x-amz-*` metadata) and S3 stores ciphertext: a reader needs the S3
 * encryption client to get the message back. Emulated with a throwaway key, so a handler that reads it plainly
 * gets ciphertext here exactly as it would in AWS.
 */
function storedAsSesStoresIt(
  raw: Buffer,
  action: ReceiptS3Action,
): { Body: Buffer; Metadata?: Record<string, string> } {
  if (!action.kmsKeyArn) return { Body: raw };
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const body = Buffer.concat([cipher.update(raw), cipher.final(), cipher.getAuthTag()]);
  return {
    Body: body,
    Metadata: {
      'x-amz-key-v2': randomBytes(184).toString('base64'),
      'x-amz-iv': iv.toString('base64'),
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-wrap-alg': 'kms',
      'x-amz-tag-len': '128',
      'x-amz-matdesc': JSON.stringify({
        'aws:ses:source-account': '000000000000',
        kms_cmk_id: action.kmsKeyArn,
      }),
    },
  };
}

async function deliverWithRetries(options: LocalSmtpOptions, event: unknown, messageId: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await options.deliver(event);
      options.onDelivered?.(messageId);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }
  options.onDelivered?.(messageId, lastError);
  console.error(`Local SES: receiveEmail failed for ${messageId}: ${(lastError as Error)?.name}`);
}
