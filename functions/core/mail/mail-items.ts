/** What an inbound message becomes on a case: its correspondence item, and its attachments in storage. */
import type { CorrespondenceItem, StoredAttachment } from '../case/case';
import type { Deps } from '../dependencies';
import { type InboundMail, visibleReply } from './inbound-mail';

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

/** An email as SES (or the local stand-in) hands it over: where the raw message is, and the verdicts. */
export interface ReceivedEmail {
  /** SES's id of the message, also the raw object's key suffix. */
  sesMessageId: string;
  rawKey: string;
  receivedAt: string;
  recipients: string[];
  /** The envelope sender (SMTP MAIL FROM) as SES received it; '' for the null sender of bounces. */
  envelopeSender?: string;
  verdicts: { spam: Verdict; virus: Verdict; spf: Verdict; dkim: Verdict; dmarc: Verdict };
}

/**
 * What a correspondence item may hold for display, in UTF-8 bytes: with the attachments list and the rest, well
 * under DynamoDB's 400 KB item limit whatever arrives. The raw message keeps everything.
 */
export const DISPLAY_LIMITS = {
  bodyBytes: 96 * 1024,
  visibleBytes: 32 * 1024,
  htmlBytes: 160 * 1024,
} as const;

/** Cuts a text to at most `bytes` of UTF-8, on a character boundary. */
export function capBytes(text: string, bytes: number): { text: string; cut: boolean } {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.byteLength <= bytes) return { text, cut: false };
  // A cut inside a multi-byte character decodes to U+FFFD: drop it.
  return {
    text: encoded
      .subarray(0, bytes)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
    cut: true,
  };
}

/** Stores the attachments on the allow-list (the raw message keeps every one). */
export async function storeAttachments(
  deps: Deps<'blobs'>,
  mail: InboundMail,
  prefix: string,
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const [index, attachment] of mail.attachments.entries()) {
    const attachmentId = `${prefix}-${index}`;
    const key = attachment.accepted ? `mail/${prefix}/${index}` : undefined;
    if (key) await deps.blobs.putAttachment(key, attachment.content, attachment.contentType);
    stored.push({
      attachmentId,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      key,
      inline: attachment.inline,
    });
  }
  return stored;
}

export function inboundItem(
  email: ReceivedEmail,
  mail: InboundMail,
  caseId: string,
  correspondenceId: string,
  kind: CorrespondenceItem['kind'],
  attachments: StoredAttachment[],
  automatic: boolean,
): CorrespondenceItem {
  const body = capBytes(mail.text, DISPLAY_LIMITS.bodyBytes);
  const visible = capBytes(visibleReply(mail.text), DISPLAY_LIMITS.visibleBytes);
  const html = mail.html === undefined ? undefined : capBytes(mail.html, DISPLAY_LIMITS.htmlBytes);
  return {
    caseId,
    correspondenceId,
    direction: 'in',
    channel: 'email',
    at: email.receivedAt,
    subject: mail.subject,
    from: mail.from?.address ?? '',
    to: mail.to.join(', '),
    body: body.text,
    displayBody: visible.text,
    // Cut HTML may end mid-tag: drop it rather than show a broken page; the text and the raw message remain.
    html: html && !html.cut ? html.text : undefined,
    ...(body.cut || visible.cut || html?.cut ? { truncated: true } : {}),
    messageId: mail.messageId,
    automatic,
    kind,
    attachments,
    rawKey: email.rawKey,
  };
}
