/** Mailer on Amazon SES (v2 API). Returns the RFC 5322 Message-ID the recipient sees. */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundEmail } from '../core/ports';

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutboundEmail) {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        ReplyToAddresses: email.replyTo ? [email.replyTo] : undefined,
        ConfigurationSetName: this.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
            },
            Headers: Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
          },
        },
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the message without a MessageId');
    return { messageId: rfcMessageId(result.MessageId, await this.client.config.region()) };
  }
}

/**
 * SES replaces any Message-ID header with `<SES message id@REGION.amazonses.com>` (`email.amazonses.com` in
 * us-east-1). Replies quote that header in In-Reply-To/References, so it is what we record for threading.
 */
export function rfcMessageId(sesMessageId: string, region: string): string {
  const host = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${sesMessageId}@${host}>`;
}
