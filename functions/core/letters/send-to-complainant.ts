/**
 * Sends a letter to the complainant the way they asked to be written to: by email (once for its purpose key,
 * send-once.ts), or, for those who prefer post or have no email, recorded as a printable letter to be mailed
 * (never silently dropped). Returns the correspondence item for the caller to save with its change to the case.
 */
import { type CaseRecord, type CorrespondenceItem, postalRecipient, writesByPost } from '../case/case';
import type { Deps } from '../dependencies';
import type { OutboundEmail } from '../ports';
import { sendOnce } from './send-once';

/**
 * What a use case that writes to the complainant is given: the case and its change, the mail and its once-only
 * log, and the templates its letters come from (letters/templates.ts).
 */
export type LetterDeps = Deps<
  | 'cases'
  | 'statistics'
  | 'observe'
  | 'mailer'
  | 'sentMail'
  | 'clock'
  | 'ids'
  | 'settings'
  | 'documents'
  | 'lists'
>;

export async function sendToComplainant(
  deps: Deps<'mailer' | 'sentMail' | 'clock' | 'ids' | 'settings'>,
  record: CaseRecord,
  email: OutboundEmail,
  letter: {
    kind: CorrespondenceItem['kind'];
    automatic: boolean;
    purposeKey: string;
    /** The whole letter, when the email or post carries less (a response waiting on the status page). */
    fullText?: string;
    /** What the case keeps instead of the email's text: the same, with a private link replaced. */
    keptText?: string;
  },
): Promise<CorrespondenceItem & { repeated: boolean; sameEmail: boolean }> {
  const { kind, automatic, purposeKey } = letter;
  const byLetter = writesByPost(record);
  const at = deps.clock.now().toISOString();
  const sent = byLetter ? undefined : await sendOnce(deps, purposeKey, email);
  return {
    caseId: record.caseId,
    correspondenceId: deps.ids.newId(),
    direction: 'out',
    channel: byLetter ? 'letter' : 'email',
    at,
    subject: email.subject,
    from: deps.settings.mailFrom,
    to: byLetter ? postalRecipient(record) : email.to,
    // What was sent or mailed; the whole letter beside it when that had to leave it out.
    body: letter.keptText ?? email.text,
    ...(letter.fullText && letter.fullText !== email.text ? { heldText: letter.fullText } : {}),
    messageId: sent?.messageId,
    automatic,
    kind,
    status: byLetter ? 'to-be-mailed' : 'sent',
    repeated: sent?.repeated ?? false,
    sameEmail: sent?.sameEmail ?? true,
  };
}
