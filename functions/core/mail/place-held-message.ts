/**
 * A coordinator places a held message (POST /api/held/{heldId}/place): on a case, as a new case, or discards it.
 * On a case, the coordinator vouches for it (the sender need not be the complainant) and it counts as the
 * complainant writing: the assignee is told and a wait for the complainant ends. Quarantined messages are never
 * placed. The raw message is read again from the mail bucket, so what is placed is exactly what arrived.
 */
import * as z from 'zod';
import { type Actor, NO_SUCH_CASE, requireRole } from '../access/roles';
import { complainantWrote } from '../correspondence/complainant-wrote';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../errors';
import { messageKey, parseMail } from './inbound-mail';
import { inboundItem, type ReceivedEmail, storeAttachments } from './mail-items';
import { type MailDependencies, newCaseFromEmail } from './receive-email';

export const HeldPlacement = z.union(
  [
    z.strictObject({ caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a case id') }),
    z.strictObject({ newCase: z.literal(true) }),
    z.strictObject({ discard: z.literal(true) }),
  ],
  { error: 'Give {"caseId": "..."}, {"newCase": true} or {"discard": true}.' },
);
export type Placement = z.output<typeof HeldPlacement>;

const ALREADY_SETTLED = 'This message has already been placed or discarded.';

export async function placeHeldMessage(
  deps: MailDependencies,
  input: { actor: Actor; heldId: string; placement: Placement },
): Promise<{ status: 'placed' | 'discarded'; caseId?: string }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'place held messages');
  const held = await deps.heldMail.getHeldMessage(input.heldId);
  if (!held) throw new NotFoundError('There is no such held message.');
  if (held.status === 'quarantined') throw new ForbiddenError('A quarantined message cannot be placed.');
  if (held.status !== 'held') throw new ConflictError(ALREADY_SETTLED);
  if ('discard' in input.placement) {
    if (!(await deps.heldMail.settleHeldMessage(held.heldId, 'discarded', input.actor.userId))) {
      throw new ConflictError(ALREADY_SETTLED);
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
    const record = await deps.cases.getCase(input.placement.caseId);
    if (!record) throw new NotFoundError(NO_SUCH_CASE);
    caseId = record.caseId;
    const key = messageKey(mail, raw);
    const attachments = await storeAttachments(deps, mail, key);
    await complainantWrote(deps, {
      item: inboundItem(email, mail, caseId, key, 'reply', attachments, false),
      audit: { type: 'correspondence.placed', actor: input.actor.userId, detail: { heldId: held.heldId } },
    });
  } else {
    const outcome = await newCaseFromEmail(deps, email, mail, raw);
    if (outcome.kind !== 'case')
      throw new RuleViolationError('The message cannot become a case; it stays held.', []);
    caseId = outcome.caseId;
  }
  if (!(await deps.heldMail.settleHeldMessage(held.heldId, 'placed', input.actor.userId, caseId))) {
    throw new ConflictError(ALREADY_SETTLED);
  }
  return { status: 'placed', caseId };
}
