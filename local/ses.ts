/**
 * A local SES (v2 API) endpoint: every message the handlers send is written to `<dataDir>/outbox/` as an
 * RFC 5322 .eml file, composed by nodemailer as a real mail client would, so it can be opened in any mail
 * program and parsed back by tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './assembly';
import { readBody, sendJson } from './http-util';
import { AccessDenied, type AccessRequest } from './iam';

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: {
    Simple?: {
      Subject?: { Data?: string };
      Body?: { Text?: { Data?: string }; Html?: { Data?: string } };
      Headers?: { Name: string; Value: string }[];
    };
    Raw?: { Data?: string };
  };
}

export interface SentMessage {
  messageId: string;
  file: string;
}

/** IAM's verdict on a call (local/iam.ts): throws AccessDenied to refuse it. */
export type Authorize = (headers: IncomingHttpHeaders, requests: AccessRequest[]) => Promise<void>;

const identityArn = (address: string) =>
  `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/${address.replace(/^.*<|>.*$/g, '').split('@')[1] ?? address}`;

export function createSesServer(
  outboxDir: string,
  onSent?: (message: SentMessage) => void,
  authorize: Authorize = async () => undefined,
): Server {
  return createServer(async (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    try {
      if (request.method === 'GET' && path === '/v2/email/account') {
        await authorize(request.headers, [{ action: 'ses:GetAccount', resource: '*' }]);
        sendJson(response, 200, {
          SendingEnabled: true,
          ProductionAccessEnabled: true,
          EnforcementStatus: 'HEALTHY',
        });
        return;
      }
      if (request.method !== 'POST' || path !== '/v2/email/outbound-emails') {
        sendJson(response, 404, { message: `Not supported by the local SES: ${request.method} ${path}` });
        return;
      }
      const body = JSON.parse((await readBody(request)).toString('utf8')) as SendEmailRequest;
      const to = body.Destination?.ToAddresses ?? [];
      if (!body.FromEmailAddress || to.length === 0) {
        sendJson(response, 400, { message: 'FromEmailAddress and Destination.ToAddresses are required' });
        return;
      }
      // SES authorizes sending against the sending identity: the From address's verified domain.
      await authorize(request.headers, [
        { action: 'ses:SendEmail', resource: identityArn(body.FromEmailAddress) },
      ]);
      const messageId = `${Date.now().toString(36)}-${randomUUID()}`;
      const eml = body.Content?.Raw?.Data
        ? Buffer.from(body.Content.Raw.Data, 'base64')
        : await compose(body, messageId);
      await mkdir(outboxDir, { recursive: true });
      const file = join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${messageId}.eml`);
      await writeFile(file, eml);
      onSent?.({ messageId, file });
      response.setHeader('x-amzn-RequestId', randomUUID());
      sendJson(response, 200, { MessageId: messageId });
    } catch (error) {
      if (error instanceof AccessDenied) {
        response.setHeader('x-amzn-ErrorType', 'AccessDeniedException');
        sendJson(response, 403, { message: error.message });
        return;
      }
      sendJson(response, 500, { message: (error as Error).message });
    }
  });
}

async function compose(body: SendEmailRequest, messageId: string): Promise<Buffer> {
  const simple = body.Content?.Simple;
  if (!simple) throw new Error('Only Simple and Raw content are supported locally');
  const composer = new MailComposer({
    from: body.FromEmailAddress,
    to: body.Destination?.ToAddresses,
    cc: body.Destination?.CcAddresses,
    bcc: body.Destination?.BccAddresses,
    replyTo: body.ReplyToAddresses,
    subject: simple.Subject?.Data ?? '',
    text: simple.Body?.Text?.Data,
    html: simple.Body?.Html?.Data,
    // SES gives every message a Message-ID of its own in this form.
    messageId: `<${messageId}@email.amazonses.com>`,
    headers: Object.fromEntries((simple.Headers ?? []).map((header) => [header.Name, header.Value])),
  });
  return composer.compile().build();
}
