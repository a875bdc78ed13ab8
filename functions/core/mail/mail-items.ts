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
  verdicts: { spam: Verdict; virus: Verdict; spf: Verdict; dkim: Verdict; dmarc: Verdict };
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
  return {
    caseId,
    correspondenceId,
    direction: 'in',
    channel: 'email',
    at: email.receivedAt,
    subject: mail.subject,
    from: mail.from?.address ?? '',
    to: mail.to.join(', '),
    body: mail.text,
    displayBody: visibleReply(mail.text),
    html: mail.html,
    messageId: mail.messageId,
    automatic,
    kind,
    attachments,
    rawKey: email.rawKey,
  };
}
