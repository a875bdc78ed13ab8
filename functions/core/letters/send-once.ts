/**
 * Sends an email at most once for its purpose, whatever is retried around it: Step Functions retries a task,
 * AWS delivers an event twice, or the write that records the email fails after the email went.
 *
 * Primary course: claim the purpose key (a record of the intent, with a fingerprint of the email) -> send ->
 * mark the record sent with the Message-ID. A retry that finds the record sent answers with its Message-ID and
 * sends nothing. A send the mail service refuses releases the claim, so a retry sends at once. A claim younger
 * than 30 seconds that is not yet marked sent belongs to an attempt still sending: this one stops with
 * SendInProgressError (retried by the caller's retry policy, or a 409). An older one means the earlier attempt
 * died during the send, so this attempt sends; the only window for a second copy is a crash between the mail
 * service accepting the email and the mark.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../dependencies';
import { ConflictError } from '../errors';
import type { OutboundEmail } from '../ports';

/**
 * Longer than any function that sends mail may run while sending (15-30 s, manifest.ts timeouts), shorter than
 * the workflow's retries take to run out (5 + 10 + 20 s), so a retry after a crash sends rather than gives up.
 */
const IN_PROGRESS_MS = 30_000;

export class SendInProgressError extends ConflictError {
  override readonly name = 'SendInProgressError';
}

export interface SentOnce {
  messageId: string;
  /** True when an earlier attempt sent it. */
  repeated: boolean;
  /** With `repeated`: whether the earlier email was this same email (a retry), not a different one. */
  sameEmail: boolean;
}

export async function sendOnce(
  deps: Deps<'mailer' | 'sentMail' | 'clock'>,
  key: string,
  email: OutboundEmail,
): Promise<SentOnce> {
  const fingerprint = fingerprintOf(email);
  const now = deps.clock.now();
  const earlier = await deps.sentMail.claim(key, fingerprint, now.toISOString());
  if (earlier?.messageId) {
    return { messageId: earlier.messageId, repeated: true, sameEmail: earlier.fingerprint === fingerprint };
  }
  if (earlier && now.getTime() - Date.parse(earlier.claimedAt) < IN_PROGRESS_MS) {
    throw new SendInProgressError('This email is being sent by another request. Try again in a minute.');
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(email));
  } catch (error) {
    // The mail service refused or failed: nothing went, so the retry may send straight away.
    await deps.sentMail.release(key, deps.clock.now().toISOString()).catch(() => undefined);
    throw error;
  }
  await deps.sentMail.markSent(key, messageId, deps.clock.now().toISOString());
  return { messageId, repeated: false, sameEmail: true };
}

function fingerprintOf(email: OutboundEmail): string {
  return createHash('sha256')
    .update(JSON.stringify([email.to, email.subject, email.text]))
    .digest('base64url');
}

/** Purpose keys: ids only (never PHI), one per email the case may receive or cause. */
export const sentMailKey = {
  acknowledgement: (caseId: string) => `acknowledgement:${caseId}`,
  /** Per workflow run: a reopened case gets its own letters. */
  ofRun: (purpose: string, caseId: string, run: number | undefined) => `${purpose}:${caseId}:${run ?? 0}`,
  informationRequest: (caseId: string, requestedAt: string) => `information-request:${caseId}:${requestedAt}`,
  extension: (caseId: string, ordinal: number) => `extension:${caseId}:${ordinal}`,
  /** The notice to a new assignee, per version of the case that made the change. */
  assignment: (caseId: string, version: number) => `assigned:${caseId}:${version}`,
  /** The same notice to the assignee's cover while they are away. */
  assignmentCover: (caseId: string, version: number) => `assigned-cover:${caseId}:${version}`,
  clockEvent: (taskId: string, event: string) => `clock:${taskId}:${event}`,
  newMessage: (correspondenceId: string) => `new-message:${correspondenceId}`,
};
