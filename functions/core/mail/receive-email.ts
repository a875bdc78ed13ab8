/**
 * An email arrives (SES receipt rule, or the local SMTP stand-in): it becomes a new case through the same intake
 * as the web form, joins its case as the complainant's reply, or is held for a coordinator. It is never lost: the
 * raw message stays in the mail bucket whatever happens.
 *
 * Idempotent by construction: the new case uses an intake idempotency key derived from the Message-ID, the
 * correspondence item and the held record have ids derived from it, and each is written with a condition. The
 * same SES event delivered twice, or a hundred times at once, gives one case or one item and one
 * acknowledgement at most.
 */

import type { HeldMessage } from '../case/case';
import { complainantWrote } from '../correspondence/complainant-wrote';
import type { Deps } from '../dependencies';
import { IdempotencyKeyReusedError } from '../errors';
import {
  type ComplaintInput,
  ComplaintInput as ComplaintSchema,
  MAX_DESCRIPTION_LENGTH,
} from '../intake/complaint';
import { type IntakeDependencies, submitComplaint } from '../intake/submit-complaint';
import {
  checkLimits,
  type HoldReason,
  type InboundMail,
  isAutomatic,
  messageKey,
  parseMail,
  threadClues,
} from './inbound-mail';
import { inboundItem, type ReceivedEmail, storeAttachments } from './mail-items';

export type MailOutcome =
  | { kind: 'case'; caseId: string; reference: string; replayed: boolean }
  | { kind: 'reply'; caseId: string; duplicate: boolean }
  | { kind: 'held' | 'quarantined'; heldId: string; reason: HoldReason };

/** What receiving mail touches: intake's ports, the threading and held-mail stores, mail, and the workflow. */
export type MailDependencies = IntakeDependencies &
  Deps<'threads' | 'heldMail' | 'staff' | 'mailer' | 'blobs' | 'workflow' | 'settings'>;

export async function receiveEmail(deps: MailDependencies, email: ReceivedEmail): Promise<MailOutcome> {
  const raw = await deps.blobs.getRawMail(email.rawKey);
  const hold = (reason: HoldReason, mail?: InboundMail, candidateCaseId?: string) =>
    holdEmail(deps, email, raw, reason, mail, candidateCaseId);

  if (email.verdicts.virus === 'FAIL') return hold('virus');
  const tooBig = checkLimits(raw);
  if (tooBig) return hold(tooBig);
  const mail = await parseMail(raw);
  if (!mail) return hold('unparseable');
  if (!mail.from) return hold('no-sender', mail);
  if (email.verdicts.spam === 'FAIL') return hold('spam', mail);
  if (email.verdicts.dmarc === 'FAIL') return hold('dmarc', mail);

  const automatic = isAutomatic(mail, deps.settings.mailDomain);
  const caseId = await findCase(deps, mail);
  if (caseId) return reply(deps, email, mail, raw, caseId, automatic, hold);
  // Never open a case for a robot: bounces, out-of-office and list mail without a case go to a person.
  if (automatic) return hold('automatic', mail);
  return newCaseFromEmail(deps, email, mail, raw);
}

/** Keeps a message for a coordinator (or in quarantine), once. */
export async function holdEmail(
  deps: MailDependencies,
  email: ReceivedEmail,
  raw: Buffer,
  reason: HoldReason,
  mail?: InboundMail,
  candidateCaseId?: string,
): Promise<MailOutcome> {
  const quarantined = reason === 'virus';
  const held: HeldMessage = {
    heldId: messageKey(mail, raw),
    receivedAt: email.receivedAt,
    status: quarantined ? 'quarantined' : 'held',
    reason,
    rawKey: email.rawKey,
    // A quarantined message is never read for display, not even its sender.
    ...(quarantined ? {} : { from: mail?.from?.address, subject: mail?.subject, candidateCaseId }),
  };
  await deps.heldMail.holdMessage(held);
  return { kind: quarantined ? 'quarantined' : 'held', heldId: held.heldId, reason };
}

/** Matching order: our Message-IDs in In-Reply-To/References, then the case's reply address, then the reference. */
async function findCase(deps: MailDependencies, mail: InboundMail): Promise<string | undefined> {
  const clues = threadClues(mail, deps.settings.inboundAddress);
  for (const messageId of clues.messageIds) {
    const caseId = await deps.threads.findCaseIdByMessageId(messageId);
    if (caseId) return caseId;
  }
  if (clues.plusCaseId && (await deps.cases.getCase(clues.plusCaseId))) return clues.plusCaseId;
  if (clues.reference) return deps.references.findCaseIdByReference(clues.reference);
  return undefined;
}

async function reply(
  deps: MailDependencies,
  email: ReceivedEmail,
  mail: InboundMail,
  raw: Buffer,
  caseId: string,
  automatic: string | undefined,
  hold: (reason: HoldReason, mail?: InboundMail, candidateCaseId?: string) => Promise<MailOutcome>,
): Promise<MailOutcome> {
  const record = await deps.cases.getCase(caseId);
  if (!record) return hold('unknown-sender', mail, caseId);
  // Only the complainant may add to a case by email; anyone else waits for a coordinator to place it.
  if (mail.from?.address !== record.complaint.complainant.email.toLowerCase()) {
    return hold('unknown-sender', mail, caseId);
  }
  const key = messageKey(mail, raw);
  const attachments = await storeAttachments(deps, mail, key);
  const kind = automatic ? 'automatic-reply' : 'reply';
  const { duplicate } = await complainantWrote(deps, {
    item: inboundItem(email, mail, caseId, key, kind, attachments, !!automatic),
    audit: { type: `correspondence.${kind}`, actor: 'complainant', detail: { correspondenceId: key } },
  });
  return { kind: 'reply', caseId, duplicate };
}

/** An emailed complaint: written, so a grievance under CMS rules; who the patient is, triage asks. */
export function complaintFromEmail(mail: InboundMail): ComplaintInput | undefined {
  const address = mail.from?.address ?? '';
  const text = [mail.subject ? `Subject: ${mail.subject}` : '', mail.text]
    .filter(Boolean)
    .join('\n\n')
    .trim();
  const description =
    text.length > MAX_DESCRIPTION_LENGTH
      ? `${text.slice(0, MAX_DESCRIPTION_LENGTH - 60)}\n\n[Continued in the original email on the case.]`
      : text || '(The email had no text. See its attachments on the case.)';
  const candidate = {
    complainant: {
      name: (mail.from?.name ?? address.split('@')[0] ?? 'Unknown').slice(0, 200) || 'Unknown',
      email: address,
      relationship: 'unknown',
    },
    description,
    contactPreference: 'email',
  };
  const parsed = ComplaintSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

export async function newCaseFromEmail(
  deps: MailDependencies,
  email: ReceivedEmail,
  mail: InboundMail,
  raw: Buffer,
): Promise<MailOutcome> {
  const complaint = complaintFromEmail(mail);
  const key = messageKey(mail, raw);
  if (!complaint) return holdEmail(deps, email, raw, 'unparseable', mail);
  let result: Awaited<ReturnType<typeof submitComplaint>>;
  try {
    result = await submitComplaint(deps, {
      complaint,
      channel: 'email',
      actor: 'complainant',
      idempotencyKey: `email:${key}`,
    });
  } catch (error) {
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    // Same Message-ID and body, different sender or subject: a person decides, nothing is merged silently.
    return holdEmail(deps, email, raw, 'conflicting-message', mail);
  }
  const attachments = await storeAttachments(deps, mail, key);
  await deps.threads.recordCorrespondence(
    inboundItem(email, mail, result.caseId, key, 'complaint', attachments, false),
    {
      caseId: result.caseId,
      at: deps.clock.now().toISOString(),
      eventId: deps.ids.newId(),
      type: 'correspondence.complaint',
      actor: 'complainant',
      detail: { correspondenceId: key },
    },
  );
  return { kind: 'case', caseId: result.caseId, reference: result.reference, replayed: result.replayed };
}
