/**
 * Staff correspondence from the case: emails to the complainant (recorded, with the case's reply address so
 * answers thread back), notes of phone calls and walk-in conversations, and which received messages the
 * complainant may see.
 */

import * as z from 'zod';
import { type Actor, assertMayWorkOn, NO_SUCH_CASE, requireRole } from '../access/roles';
import { type CorrespondenceItem, isClosed, postalRecipient, writesByPost } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps as Dependencies } from '../dependencies';
import { ConflictError, NotFoundError } from '../errors';
import { caseReplyAddress } from '../letters/notifications';
import { requiredText } from '../validation';

type Deps = Dependencies<'cases' | 'threads' | 'mailer' | 'clock' | 'ids' | 'settings'>;

export const MessageRequest = z.strictObject({
  subject: requiredText('The subject', 200),
  body: requiredText('The message', 20_000),
});
export type MessageRequestBody = z.output<typeof MessageRequest>;

/**
 * A note on the case: a phone call or walk-in conversation (which way it went), or an internal note for staff
 * only. Neither ever shows on the complainant's status page.
 */
export const NoteRequest = z.discriminatedUnion(
  'channel',
  [
    z.strictObject({
      channel: z.enum(['phone', 'walk-in']),
      direction: z.enum(['in', 'out'], {
        error: 'Choose in (they contacted us) or out (we contacted them).',
      }),
      summary: requiredText('A summary of the conversation', 10_000),
    }),
    z.strictObject({ channel: z.literal('internal'), summary: requiredText('The note', 10_000) }),
  ],
  { error: 'Choose phone, walk-in or internal.' },
);
export type NoteRequestBody = z.output<typeof NoteRequest>;

const NOTE_SUBJECTS = {
  phone: 'Phone call',
  'walk-in': 'Walk-in conversation',
  internal: 'Internal note',
} as const;

async function caseFor(deps: Deps, actor: Actor, caseId: string) {
  const record = await deps.cases.getCase(caseId);
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  assertMayWorkOn(actor, record);
  return record;
}

export async function sendCaseMessage(
  deps: Deps,
  input: { actor: Actor; caseId: string; message: MessageRequestBody },
): Promise<{ correspondenceId: string; channel: 'email' | 'letter' }> {
  const record = await caseFor(deps, input.actor, input.caseId);
  if (isClosed(record)) throw new ConflictError('The case is closed; reopen it to write from it.');
  const subject = input.message.subject.includes(record.reference)
    ? input.message.subject
    : `${input.message.subject} [${record.reference}]`;
  const byLetter = writesByPost(record);
  const messageId = byLetter
    ? undefined
    : (
        await deps.mailer.send({
          to: record.complaint.complainant.email as string,
          replyTo: caseReplyAddress(deps.settings.inboundAddress, record.caseId),
          subject,
          text: input.message.body,
        })
      ).messageId;
  const at = deps.clock.now().toISOString();
  const item: CorrespondenceItem = {
    caseId: record.caseId,
    correspondenceId: deps.ids.newId(),
    direction: 'out',
    channel: byLetter ? 'letter' : 'email',
    at,
    subject,
    from: deps.settings.mailFrom,
    to: byLetter ? postalRecipient(record) : (record.complaint.complainant.email as string),
    body: input.message.body,
    messageId,
    automatic: false,
    kind: 'message',
    status: byLetter ? 'to-be-mailed' : 'sent',
  };
  await deps.threads.recordCorrespondence(item, {
    caseId: record.caseId,
    at,
    eventId: deps.ids.newId(),
    type: 'correspondence.message',
    actor: input.actor.userId,
    detail: { channel: item.channel },
  });
  return { correspondenceId: item.correspondenceId, channel: item.channel === 'letter' ? 'letter' : 'email' };
}

export async function recordCaseNote(
  deps: Deps,
  input: { actor: Actor; caseId: string; note: NoteRequestBody },
): Promise<{ correspondenceId: string }> {
  const record = await caseFor(deps, input.actor, input.caseId);
  const at = deps.clock.now().toISOString();
  const incoming = input.note.channel !== 'internal' && input.note.direction === 'in';
  const item: CorrespondenceItem = {
    caseId: record.caseId,
    correspondenceId: deps.ids.newId(),
    direction: input.note.channel === 'internal' ? 'out' : input.note.direction,
    channel: input.note.channel,
    at,
    subject: NOTE_SUBJECTS[input.note.channel],
    from: incoming ? record.complaint.complainant.name : input.actor.name,
    to:
      input.note.channel === 'internal'
        ? 'Staff only'
        : incoming
          ? input.actor.name
          : record.complaint.complainant.name,
    body: input.note.summary,
    automatic: false,
    kind: 'message',
  };
  await deps.threads.recordCorrespondence(item, {
    caseId: record.caseId,
    at,
    eventId: deps.ids.newId(),
    type: `correspondence.${input.note.channel}`,
    actor: input.actor.userId,
  });
  return { correspondenceId: item.correspondenceId };
}

export const ShareRequest = z.strictObject({
  shared: z.boolean({ error: 'Say true to show the message to the complainant, false to stop showing it.' }),
});

/**
 * Shows a message someone else sent (a clinician's statement, another relative's email placed on the case) on
 * the complainant's status page, or stops showing it. Coordinators and managers decide: what a third party wrote
 * is not the complainant's by default (README, Security). Recorded on the case, so the change history keeps who
 * shared what and when.
 */
export async function shareCorrespondence(
  deps: Dependencies<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; correspondenceId: string; shared: boolean },
): Promise<{ shared: boolean }> {
  const record = await deps.cases.getCase(input.caseId);
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  assertMayWorkOn(input.actor, record);
  requireRole(input.actor, ['coordinator', 'manager'], 'share a message with the complainant');
  const { correspondence } = await deps.cases.caseTimeline(input.caseId);
  const item = correspondence.find((candidate) => candidate.correspondenceId === input.correspondenceId);
  if (item?.direction !== 'in' || item.kind === 'complaint') {
    throw new NotFoundError('There is no such message received on this case.');
  }
  return changeCase<{ shared: boolean }>(deps, input.caseId, async (latest) => {
    const shared = new Set(latest.sharedWithComplainant ?? []);
    if (shared.has(item.correspondenceId) === input.shared) return { unchanged: { shared: input.shared } };
    if (input.shared) shared.add(item.correspondenceId);
    else shared.delete(item.correspondenceId);
    latest.sharedWithComplainant = [...shared];
    return {
      record: latest,
      audit: [
        {
          type: input.shared ? 'correspondence.shared' : 'correspondence.unshared',
          actor: input.actor.userId,
          detail: { correspondenceId: item.correspondenceId },
        },
      ],
      result: { shared: input.shared },
    };
  });
}
