/**
 * "Acknowledge the complainant": sends the acknowledgement once, with the private status link, and records it.
 * A repeated invocation after it was recorded sends nothing. An address that has had its share of automatic
 * mail today gets none: the case records the acknowledgement as withheld, and why, for coordinators to see and
 * acknowledge by other means.
 */

import { type CaseRecord, type CorrespondenceItem, postalRecipient } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { buildAcknowledgement } from '../letters/acknowledgement';
import { sendOnce, sentMailKey } from '../letters/send-once';
import type { LetterDeps } from '../letters/send-to-complainant';
import type { TemplateText } from '../letters/template-kinds';
import { templateFor } from '../letters/templates';
import { slaCounters } from '../reporting/statistics';
import { issueStatusLink } from '../status-page/status-page';

export const AUTO_REPLY_WINDOW_SECONDS = 24 * 60 * 60;

type AcknowledgeDependencies = LetterDeps & Deps<'autoReplies' | 'statusLinks'>;

export async function acknowledge(deps: AcknowledgeDependencies, caseId: string): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, caseId);
  if (record.acknowledgement || record.autoReply?.suppressed) return { sent: false };
  const template = await templateFor(deps, record, 'acknowledgement');
  // By post for those who asked for it, or who gave an address and no email: a letter to print and mail.
  if (acknowledgesByPost(record)) return recordAcknowledgement(deps, caseId, { channel: 'letter' }, template);
  const key = sentMailKey.acknowledgement(caseId);
  // Sent by an earlier attempt whose record failed: record it now, without a second email or a second link.
  const earlier = await deps.sentMail.find(key);
  let messageId = earlier?.messageId;
  if (!messageId) {
    const withheld = await withheldBecause(deps, record.complaint.complainant.email, record.channel, caseId);
    if (withheld) return recordWithheld(deps, caseId, withheld);
    // The private status link goes only to the complainant; the copy kept on the case has a placeholder.
    const email = buildAcknowledgement(
      record,
      deps.settings,
      { statusLink: await issueStatusLink(deps, record) },
      template,
    );
    ({ messageId } = await sendOnce(deps, key, email));
  }
  return recordAcknowledgement(deps, caseId, { channel: 'email', messageId }, template);
}

/** Every letter follows the contact preference (issue 14 §4), the acknowledgement included. */
function acknowledgesByPost(record: CaseRecord): boolean {
  const { contactPreference, complainant } = record.complaint;
  return contactPreference === 'letter' || (!complainant.email && !!complainant.address);
}

/**
 * Records the acknowledgement once: the emailed one by its Message-ID, with the private link replaced by a
 * placeholder in the copy kept on the case; or the letter to print and mail, which carries no status link (a link
 * on paper would be kept on the case for anyone to read) and says how to follow the case by phone or in writing.
 */
async function recordAcknowledgement(
  deps: AcknowledgeDependencies,
  caseId: string,
  delivery: { channel: 'email'; messageId: string } | { channel: 'letter' },
  template: TemplateText,
): Promise<{ sent: boolean }> {
  return changeCase<{ sent: boolean }>(deps, caseId, async (latest, now) => {
    if (latest.acknowledgement) return { unchanged: { sent: false } };
    const at = now.toISOString();
    const messageId = delivery.channel === 'email' ? delivery.messageId : undefined;
    const byPost = !messageId;
    const kept = buildAcknowledgement(latest, deps.settings, { byPost }, template);
    latest.acknowledgement = messageId ? { sentAt: at, messageId } : { sentAt: at, channel: 'letter' };
    const item: CorrespondenceItem = {
      caseId,
      correspondenceId: deps.ids.newId(),
      direction: 'out',
      channel: delivery.channel,
      at,
      subject: kept.subject,
      from: deps.settings.mailFrom,
      to: byPost ? postalRecipient(latest) : kept.to,
      body: kept.text,
      ...(messageId ? { messageId } : { status: 'to-be-mailed' }),
      automatic: true,
      kind: 'acknowledgement',
    };
    return {
      record: latest,
      correspondence: [item],
      audit: [
        {
          type: 'acknowledgement.sent',
          actor: 'system',
          detail: (messageId ? { messageId } : { channel: 'letter' }) as Record<string, string>,
        },
      ],
      counters: slaCounters('acknowledge', latest, now, deps.settings.timeZone),
      result: { sent: true },
    };
  });
}

const WITHHELD = {
  'no-email': 'There is no email or postal address to send it to. Acknowledge by phone.',
  'auto-reply-window': 'This sender already had an automatic reply in the last 24 hours (RFC 3834).',
  'recipient-limit': 'This address already had its limit of automatic acknowledgements in the last 24 hours.',
} as const;
type WithheldReason = keyof typeof WITHHELD;

async function withheldBecause(
  deps: AcknowledgeDependencies,
  recipient: string | undefined,
  channel: string,
  caseId: string,
): Promise<WithheldReason | undefined> {
  if (!recipient) return 'no-email';
  const now = deps.clock.now();
  // RFC 3834 5.1 spirit: at most one automatic reply a day to one sender by email, so two auto-responders (or a
  // flood of copies) cannot keep each other busy.
  if (
    channel === 'email' &&
    !(await deps.autoReplies.claimAutoReply(recipient, now, AUTO_REPLY_WINDOW_SECONDS, caseId))
  ) {
    return 'auto-reply-window';
  }
  // Every channel: the web form lets anyone name any address, and each acknowledgement is signed by the hospital.
  const limit = deps.settings.acknowledgementLimit;
  if (
    !(await deps.autoReplies.claimAcknowledgement(recipient, now, AUTO_REPLY_WINDOW_SECONDS, limit, caseId))
  ) {
    return 'recipient-limit';
  }
  return undefined;
}

async function recordWithheld(
  deps: AcknowledgeDependencies,
  caseId: string,
  reason: WithheldReason,
): Promise<{ sent: boolean }> {
  return changeCase<{ sent: boolean }>(deps, caseId, async (latest) => {
    if (latest.acknowledgement || latest.autoReply?.suppressed) return { unchanged: { sent: false } };
    latest.autoReply = { suppressed: true, reason: WITHHELD[reason] };
    return {
      record: latest,
      audit: [{ type: 'acknowledgement.withheld', actor: 'system', detail: { reason } }],
      result: { sent: false },
    };
  });
}
