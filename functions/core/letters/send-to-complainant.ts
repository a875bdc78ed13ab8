/**
 * Sends a letter to the complainant the way they asked to be written to: by email, or, for those who prefer
 * post, recorded as a printable letter to be mailed (never silently dropped). Returns the correspondence item
 * for the caller to save with its change to the case.
 */
import type { CaseRecord, CorrespondenceItem } from '../case/case';
import type { Deps } from '../dependencies';
import type { OutboundEmail } from '../ports';

export async function sendToComplainant(
  deps: Deps<'mailer' | 'clock' | 'ids' | 'settings'>,
  record: CaseRecord,
  email: OutboundEmail,
  kind: CorrespondenceItem['kind'],
  automatic: boolean,
): Promise<CorrespondenceItem> {
  const byLetter = record.complaint.contactPreference === 'letter';
  const at = deps.clock.now().toISOString();
  const messageId = byLetter ? undefined : (await deps.mailer.send(email)).messageId;
  return {
    caseId: record.caseId,
    correspondenceId: deps.ids.newId(),
    direction: 'out',
    channel: byLetter ? 'letter' : 'email',
    at,
    subject: email.subject,
    from: deps.settings.mailFrom,
    to: byLetter ? record.complaint.complainant.name : email.to,
    body: email.text,
    messageId,
    automatic,
    kind,
    status: byLetter ? 'to-be-mailed' : 'sent',
  };
}
