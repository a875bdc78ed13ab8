/**
 * "Acknowledge the complainant": sends the acknowledgement once, with the private status link, and records it.
 * A repeated invocation after it was recorded sends nothing.
 */

import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { buildAcknowledgement } from '../letters/acknowledgement';
import { sendOnce, sentMailKey } from '../letters/send-once';
import { slaCounters } from '../reporting/statistics';
import { newStatusToken, statusLink, statusLinkExpiry } from '../status-page/status-page';

export const AUTO_REPLY_WINDOW_SECONDS = 24 * 60 * 60;

export async function acknowledge(
  deps: Deps<
    | 'cases'
    | 'statistics'
    | 'observe'
    | 'autoReplies'
    | 'statusLinks'
    | 'mailer'
    | 'sentMail'
    | 'clock'
    | 'ids'
    | 'settings'
  >,
  caseId: string,
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, caseId);
  if (record.acknowledgement || record.autoReply?.suppressed) return { sent: false };
  const key = sentMailKey.acknowledgement(caseId);
  const kept = buildAcknowledgement(record, deps.settings);
  // Sent by an earlier attempt whose record failed: record it now, without a second email or a second link.
  const earlier = await deps.sentMail.find(key);
  let messageId = earlier?.messageId;
  if (!messageId) {
    // RFC 3834 5.1 spirit: at most one automatic reply a day to one sender by email, so two auto-responders
    // (or a flood of copies) cannot keep each other busy.
    if (record.channel === 'email') {
      const sender = record.complaint.complainant.email;
      if (
        !(await deps.autoReplies.claimAutoReply(sender, deps.clock.now(), AUTO_REPLY_WINDOW_SECONDS, caseId))
      ) {
        return { sent: false };
      }
    }
    // The private status link goes only to the complainant; the copy kept on the case has a placeholder.
    const { token, hash } = newStatusToken();
    await deps.statusLinks.putStatusLink(hash, caseId, statusLinkExpiry(record, deps.clock.now()));
    const email = buildAcknowledgement(record, deps.settings, statusLink(deps.settings.consoleUrl, token));
    ({ messageId } = await sendOnce(deps, key, email));
  }
  const sentId = messageId;
  return changeCase<{ sent: boolean }>(deps, caseId, async (latest, now) => {
    if (latest.acknowledgement) return { unchanged: { sent: false } };
    const at = now.toISOString();
    latest.acknowledgement = { sentAt: at, messageId: sentId };
    return {
      record: latest,
      correspondence: [
        {
          caseId,
          correspondenceId: deps.ids.newId(),
          direction: 'out',
          channel: 'email',
          at,
          subject: kept.subject,
          from: deps.settings.mailFrom,
          to: kept.to,
          body: kept.text,
          messageId: sentId,
          automatic: true,
          kind: 'acknowledgement',
        },
      ],
      audit: [{ type: 'acknowledgement.sent', actor: 'system', detail: { messageId: sentId } }],
      counters: slaCounters('acknowledge', latest, now, deps.settings.timeZone),
      result: { sent: true },
    };
  });
}
