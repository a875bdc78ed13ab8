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
import { referralAnswered } from '../correspondence/referrals';
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
  Deps<'threads' | 'heldMail' | 'staff' | 'mailer' | 'sentMail' | 'blobs' | 'workflow' | 'settings'>;

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
  // The virus scan fails closed: nothing it did not pass is stored as attachments or put on a case.
  if (email.verdicts.virus !== 'PASS') return hold('unscanned', mail);

  const automatic = isAutomatic(mail, deps.settings.mailDomain, email.envelopeSender);
  // An answer to a referral, sent to its own unguessable address: internal correspondence on its case.
  const { referral } = threadClues(mail, deps.settings.inboundAddress);
  if (referral && !automatic) {
    const key = messageKey(mail, raw);
    const attachments = await storeAttachments(deps, mail, key);
    const answered = await referralAnswered(deps, {
      ...referral,
      item: inboundItem(email, mail, referral.caseId, key, 'referral-answer', attachments, false),
    });
    if (answered) return { kind: 'reply', caseId: referral.caseId, duplicate: answered.duplicate };
  }
  const found = await findCase(deps, mail);
  try {
    if (found) {
      // A forged From with the reference in the subject must not speak for the complainant: thread only mail
      // whose sender is authenticated, or sent to the case's own unguessable address.
      if (!found.toCaseAddress && !senderAuthenticated(email, mail)) {
        return await hold('unauthenticated', mail, found.caseId);
      }
      return await reply(deps, email, mail, raw, found.caseId, automatic, hold);
    }
    // Never open a case for a robot: bounces, out-of-office and list mail without a case go to a person.
    if (automatic) return await hold('automatic', mail);
    return await newCaseFromEmail(deps, email, mail, raw);
  } catch (error) {
    // Throttling and outages are retried by SES; anything else would fail every retry alike: hold the message.
    if (isTransient(error)) throw error;
    return hold('unstorable', mail, found?.caseId);
  }
}

/**
 * DMARC PASS, or SPF or DKIM PASS for a domain aligned with the From domain (relaxed alignment, RFC 7489 3.1):
 * what makes the From address more than a claim.
 */
export function senderAuthenticated(email: ReceivedEmail, mail: InboundMail): boolean {
  const { spf, dkim, dmarc } = email.verdicts;
  if (dmarc === 'PASS') return true;
  const fromDomain = domainOf(mail.from?.address ?? '');
  if (!fromDomain) return false;
  if (dkim === 'PASS' && mail.dkimDomains.some((domain) => aligned(domain, fromDomain))) return true;
  const envelopeDomain = domainOf(email.envelopeSender ?? '');
  return spf === 'PASS' && !!envelopeDomain && aligned(envelopeDomain, fromDomain);
}

const domainOf = (address: string) => address.split('@')[1]?.toLowerCase().replace(/\.$/, '') ?? '';
const aligned = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/** Errors a retry can cure: throttling, conflicts and outages of the services behind the stores. */
function isTransient(error: unknown): boolean {
  const name = (error as Error)?.name ?? '';
  if (
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|ServiceUnavailable|InternalServer|TransactionConflict|Timeout|SendInProgress|ECONN|EPIPE/i.test(
      name,
    )
  ) {
    return true;
  }
  const reasons = (error as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons ?? [];
  return reasons.some((reason) =>
    /TransactionConflict|Throttling|ProvisionedThroughputExceeded/.test(reason.Code ?? ''),
  );
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
  if (!(await deps.heldMail.holdMessage(held))) {
    // Held before under this id: the same delivery again (nothing to do), or another message that reuses a
    // Message-ID and body (clients and list servers do): keep it too, under an id of its own stored copy.
    const earlier = await deps.heldMail.getHeldMessage(held.heldId);
    if (earlier && earlier.rawKey !== email.rawKey) {
      held.heldId = messageKey(undefined, Buffer.from(`stored:${email.rawKey}`));
      await deps.heldMail.holdMessage(held);
    }
  }
  return { kind: quarantined ? 'quarantined' : 'held', heldId: held.heldId, reason };
}

/**
 * Matching order: our Message-IDs in In-Reply-To/References, then the case's reply address, then the reference.
 * `toCaseAddress`: the message was sent to the found case's own address (complaints+<caseId>@), which only the
 * complainant's copy of our mail carries.
 */
async function findCase(
  deps: MailDependencies,
  mail: InboundMail,
): Promise<{ caseId: string; toCaseAddress: boolean } | undefined> {
  const clues = threadClues(mail, deps.settings.inboundAddress);
  const found = (caseId: string | undefined) =>
    caseId ? { caseId, toCaseAddress: clues.plusCaseId === caseId } : undefined;
  for (const messageId of clues.messageIds) {
    const caseId = await deps.threads.findCaseIdByMessageId(messageId);
    if (caseId) return found(caseId);
  }
  if (clues.plusCaseId && (await deps.cases.getCase(clues.plusCaseId))) return found(clues.plusCaseId);
  if (clues.reference) return found(await deps.references.findCaseIdByReference(clues.reference));
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
  if (mail.from?.address !== record.complaint.complainant.email?.toLowerCase()) {
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
