/**
 * An email arrives: it becomes a new case (through the same intake as the web form), joins its case as a reply,
 * or is held for a coordinator, and is never lost: the raw message stays in the mail bucket whatever happens.
 *
 * Idempotent by construction: the new case uses an intake idempotency key derived from the Message-ID, the
 * correspondence item and the held record have ids derived from it, and each is written with a condition. The
 * same SES event delivered twice, or a hundred times at once, gives one case or one item and one
 * acknowledgement at most.
 */
import type { CorrespondenceItem, HeldMessage, StoredAttachment } from './case';
import type { ComplaintInput } from './complaint';
import { ComplaintInput as ComplaintSchema, MAX_DESCRIPTION_LENGTH } from './complaint';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RuleViolationError,
} from './errors';
import {
  checkLimits,
  type HoldReason,
  type InboundMail,
  isAutomatic,
  messageKey,
  parseMail,
  threadClues,
  visibleReply,
} from './inbound-mail';
import { type IntakeDependencies, submitComplaint } from './intake';
import { contactsFor, type LifecycleDependencies, resumeOnComplainantReply } from './lifecycle';
import { newMessageEmail } from './notifications';
import type { BlobStore } from './ports';
import { type Actor, requireRole } from './steps';

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface ReceivedEmail {
  /** SES's id of the message, also the raw object's key suffix. */
  sesMessageId: string;
  rawKey: string;
  receivedAt: string;
  recipients: string[];
  verdicts: { spam: Verdict; virus: Verdict; spf: Verdict; dkim: Verdict; dmarc: Verdict };
}

export type MailOutcome =
  | { kind: 'case'; caseId: string; reference: string; replayed: boolean }
  | { kind: 'reply'; caseId: string; duplicate: boolean }
  | { kind: 'held' | 'quarantined'; heldId: string; reason: HoldReason };

export interface MailIntakeDependencies {
  lifecycle: LifecycleDependencies;
  intake: IntakeDependencies;
  blobs: BlobStore;
  settings: { mailDomain: string; inboundAddress: string };
}

export async function receiveEmail(deps: MailIntakeDependencies, email: ReceivedEmail): Promise<MailOutcome> {
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
  return newCase(deps, email, mail, raw);
}

/** Keeps a message for a coordinator (or in quarantine), once. */
async function holdEmail(
  deps: MailIntakeDependencies,
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
  await deps.lifecycle.cases.holdMessage(held);
  return { kind: quarantined ? 'quarantined' : 'held', heldId: held.heldId, reason };
}

/** Matching order: our Message-IDs in In-Reply-To/References, then the case's reply address, then the reference. */
async function findCase(deps: MailIntakeDependencies, mail: InboundMail): Promise<string | undefined> {
  const { cases } = deps.lifecycle;
  const clues = threadClues(mail, deps.settings.inboundAddress);
  for (const messageId of clues.messageIds) {
    const caseId = await cases.findCaseIdByMessageId(messageId);
    if (caseId) return caseId;
  }
  if (clues.plusCaseId && (await cases.getCase(clues.plusCaseId))) return clues.plusCaseId;
  if (clues.reference) return cases.findCaseIdByReference(clues.reference);
  return undefined;
}

async function storeAttachments(
  deps: MailIntakeDependencies,
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

function inboundItem(
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

async function reply(
  deps: MailIntakeDependencies,
  email: ReceivedEmail,
  mail: InboundMail,
  raw: Buffer,
  caseId: string,
  automatic: string | undefined,
  hold: (reason: HoldReason, mail?: InboundMail, candidateCaseId?: string) => Promise<MailOutcome>,
): Promise<MailOutcome> {
  const { cases, clock, ids, mailer, staff, settings } = deps.lifecycle;
  const record = await cases.getCase(caseId);
  if (!record) return hold('unknown-sender', mail, caseId);
  // Only the complainant may add to a case by email; anyone else waits for a coordinator to place it.
  if (mail.from?.address !== record.complaint.complainant.email.toLowerCase()) {
    return hold('unknown-sender', mail, caseId);
  }
  const key = messageKey(mail, raw);
  const attachments = await storeAttachments(deps, mail, key);
  const item = inboundItem(
    email,
    mail,
    caseId,
    key,
    automatic ? 'automatic-reply' : 'reply',
    attachments,
    !!automatic,
  );
  const recorded = await cases.recordCorrespondence(item, {
    caseId,
    at: clock.now().toISOString(),
    eventId: ids.newId(),
    type: automatic ? 'correspondence.automatic-reply' : 'correspondence.reply',
    actor: 'complainant',
    detail: { correspondenceId: key },
  });
  if (!recorded) return { kind: 'reply', caseId, duplicate: true };
  if (!automatic) {
    // The assignee hears of it (without its content); a wait for the complainant ends.
    const assignee = record.assignee ? await staff.get(record.assignee.userId) : undefined;
    const to = assignee?.email ?? contactsFor(settings.escalation, record).coordinators;
    await mailer.send(newMessageEmail(record, to, settings));
    if (record.stage === 'awaiting-complainant') await resumeOnComplainantReply(deps.lifecycle, caseId);
  }
  return { kind: 'reply', caseId, duplicate: false };
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

async function newCase(
  deps: MailIntakeDependencies,
  email: ReceivedEmail,
  mail: InboundMail,
  raw: Buffer,
): Promise<MailOutcome> {
  const { cases, clock, ids } = deps.lifecycle;
  const complaint = complaintFromEmail(mail);
  const key = messageKey(mail, raw);
  if (!complaint) return holdEmail(deps, email, raw, 'unparseable', mail);
  let result: Awaited<ReturnType<typeof submitComplaint>>;
  try {
    result = await submitComplaint(deps.intake, {
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
  await cases.recordCorrespondence(
    inboundItem(email, mail, result.caseId, key, 'complaint', attachments, false),
    {
      caseId: result.caseId,
      at: clock.now().toISOString(),
      eventId: ids.newId(),
      type: 'correspondence.complaint',
      actor: 'complainant',
      detail: { correspondenceId: key },
    },
  );
  return { kind: 'case', caseId: result.caseId, reference: result.reference, replayed: result.replayed };
}

export type Placement = { caseId: string } | { newCase: true } | { discard: true };

/**
 * A coordinator places a held message: on a case (the sender need not be its complainant: the coordinator
 * vouches for it), as a new case, or discards it. Quarantined messages are never placed. The raw message is
 * read again from the mail bucket, so what is placed is exactly what arrived.
 */
export async function placeHeldMessage(
  deps: MailIntakeDependencies,
  input: { actor: Actor; heldId: string; placement: Placement },
): Promise<{ status: 'placed' | 'discarded'; caseId?: string }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'place held messages');
  const { cases, clock, ids } = deps.lifecycle;
  const held = await cases.getHeldMessage(input.heldId);
  if (!held) throw new NotFoundError('There is no such held message.');
  if (held.status === 'quarantined') throw new ForbiddenError('A quarantined message cannot be placed.');
  if (held.status !== 'held') throw new ConflictError('This message has already been placed or discarded.');
  if ('discard' in input.placement) {
    if (!(await cases.settleHeldMessage(held.heldId, 'discarded', input.actor.userId))) {
      throw new ConflictError('This message has already been placed or discarded.');
    }
    return { status: 'discarded' };
  }
  const raw = await deps.blobs.getRawMail(held.rawKey);
  const mail = await parseMail(raw);
  if (!mail) throw new RuleViolationError('The message cannot be read; it stays held.', []);
  const email: ReceivedEmail = {
    sesMessageId: held.heldId,
    rawKey: held.rawKey,
    receivedAt: held.receivedAt,
    recipients: [],
    verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  };
  let caseId: string;
  if ('caseId' in input.placement) {
    const record = await cases.getCase(input.placement.caseId);
    if (!record) throw new NotFoundError('There is no such case.');
    caseId = record.caseId;
    const key = messageKey(mail, raw);
    const attachments = await storeAttachments(deps, mail, key);
    await cases.recordCorrespondence(inboundItem(email, mail, caseId, key, 'reply', attachments, false), {
      caseId,
      at: clock.now().toISOString(),
      eventId: ids.newId(),
      type: 'correspondence.placed',
      actor: input.actor.userId,
      detail: { heldId: held.heldId },
    });
  } else {
    const outcome = await newCase(deps, email, mail, raw);
    if (outcome.kind !== 'case')
      throw new RuleViolationError('The message cannot become a case; it stays held.', []);
    caseId = outcome.caseId;
  }
  if (!(await cases.settleHeldMessage(held.heldId, 'placed', input.actor.userId, caseId))) {
    throw new ConflictError('This message has already been placed or discarded.');
  }
  return { status: 'placed', caseId };
}
