/**
 * "Acknowledge the complainant": sends the acknowledgement once, with the private status link, and records it.
 * A repeated invocation after it was recorded sends nothing.
 */

import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { buildAcknowledgement } from '../letters/acknowledgement';
import { slaCounters } from '../reporting/statistics';
import { newStatusToken, statusLink, statusLinkExpiry } from '../status-page/status-page';

export const AUTO_REPLY_WINDOW_SECONDS = 24 * 60 * 60;

export async function acknowledge(
  deps: Deps<'cases' | 'autoReplies' | 'statusLinks' | 'mailer' | 'clock' | 'ids' | 'settings'>,
  caseId: string,
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, caseId);
  if (record.acknowledgement || record.autoReply?.suppressed) return { sent: false };
  // RFC 3834 5.1 spirit: at most one automatic reply a day to one sender by email, so two auto-responders
  // (or a flood of copies) cannot keep each other busy.
  if (record.channel === 'email') {
    const sender = record.complaint.complainant.email;
    if (!(await deps.autoReplies.claimAutoReply(sender, deps.clock.now(), AUTO_REPLY_WINDOW_SECONDS))) {
      return { sent: false };
    }
  }
  // The private status link goes only to the complainant; the copy kept on the case has a placeholder.
  const { token, hash } = newStatusToken();
  await deps.statusLinks.putStatusLink(hash, caseId, statusLinkExpiry(record, deps.clock.now()));
  const email = buildAcknowledgement(record, deps.settings, statusLink(deps.settings.consoleUrl, token));
  const kept = buildAcknowledgement(record, deps.settings);
  const { messageId } = await deps.mailer.send(email);
  return changeCase<{ sent: boolean }>(deps, caseId, async (latest, now) => {
    // Two deliveries raced past the first check: the later one records nothing (Powertools idempotency
    // normally stops it before the email).
    if (latest.acknowledgement) return { unchanged: { sent: false } };
    const at = now.toISOString();
    latest.acknowledgement = { sentAt: at, messageId };
    return {
      record: latest,
      correspondence: [
        {
          caseId,
          correspondenceId: deps.ids.newId(),
          direction: 'out',
          channel: 'email',
          at,
          subject: email.subject,
          from: deps.settings.mailFrom,
          to: email.to,
          body: kept.text,
          messageId,
          automatic: true,
          kind: 'acknowledgement',
        },
      ],
      audit: [{ type: 'acknowledgement.sent', actor: 'system', detail: { messageId } }],
      counters: slaCounters('acknowledge', latest, now, deps.settings.timeZone),
      result: { sent: true },
    };
  });
}
