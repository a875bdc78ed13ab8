/**
 * Referrals (issue 14 §2): from any case, staff ask a department lead, clinician, billing office or insurer for a
 * statement or an action, with a due date. The question goes by email from the case, with a reply address of its
 * own (`<inbound>+<caseId>-<referralId>@`, unguessable as the case's own address is); the answer threads back onto
 * the case as internal correspondence the complainant never sees, and the referral is answered. Investigation
 * cannot record findings while a referral is open, unless a coordinator overrides it with a reason.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { hospitalToday } from '../access/cover';
import { type Actor, assertMayWorkOn } from '../access/roles';
import { type CorrespondenceItem, isClosed, type Referral } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import { sendOnce } from '../letters/send-once';
import type { TemplateText } from '../letters/template-kinds';
import { renderTemplate, templateFor } from '../letters/templates';
import type { OutboundEmail } from '../ports';
import { isoDate, requiredText } from '../validation';

export const ReferralRequest = z.strictObject({
  to: z.email({ error: 'Give the email address to ask.' }).max(254),
  toName: requiredText('Their name', 200).optional(),
  question: requiredText('The question', 10_000),
  dueDate: isoDate,
});
export type ReferralRequest = z.infer<typeof ReferralRequest>;

/** The referral's own reply address: what its recipient's answer is recognised by. */
export function referralReplyAddress(inboundAddress: string, caseId: string, referralId: string): string {
  const [local, domain] = inboundAddress.split('@');
  return `${local}+${caseId.toLowerCase()}-${referralId.toLowerCase()}@${domain}`;
}

type ReferralDependencies = Deps<
  | 'cases'
  | 'statistics'
  | 'observe'
  | 'clock'
  | 'ids'
  | 'mailer'
  | 'sentMail'
  | 'settings'
  | 'documents'
  | 'lists'
>;

export async function referCase(
  deps: ReferralDependencies,
  input: { actor: Actor; caseId: string; request: ReferralRequest },
): Promise<{ referral: Referral }> {
  const { actor, request } = input;
  const today = hospitalToday(deps);
  if (request.dueDate < today) {
    throw new RuleViolationError('Give a due date from today.', [
      { field: 'dueDate', message: `The due date must be today (${today}) or later.` },
    ]);
  }
  const referralId = deps.ids.newId();
  const { referral, email } = await changeCase<{ referral: Referral; email: OutboundEmail }>(
    deps,
    input.caseId,
    async (record, now) => {
      assertMayWorkOn(actor, record);
      if (isClosed(record)) throw new ConflictError('The case is closed; reopen it to ask anyone about it.');
      // The same question again (a retried request): the referral already asked, its email sent at most once.
      const asked = record.referrals?.find(
        (earlier) =>
          earlier.status === 'open' &&
          earlier.to === request.to.toLowerCase() &&
          earlier.question === request.question &&
          earlier.dueDate === request.dueDate,
      );
      const template = await templateFor(deps, record, 'referral-request');
      if (asked)
        return {
          unchanged: { referral: asked, email: questionEmail(deps.settings, record, asked, template) },
        };
      const referral: Referral = {
        referralId,
        to: request.to.toLowerCase(),
        ...(request.toName ? { toName: request.toName } : {}),
        question: request.question,
        dueDate: request.dueDate,
        askedBy: { userId: actor.userId, name: actor.name, email: actor.email },
        askedAt: now.toISOString(),
        status: 'open',
      };
      const email = questionEmail(deps.settings, record, referral, template);
      record.referrals = [...(record.referrals ?? []), referral];
      const item: CorrespondenceItem = {
        caseId: record.caseId,
        correspondenceId: `referral-${referralId}`,
        direction: 'out',
        channel: 'email',
        at: now.toISOString(),
        subject: email.subject,
        from: actor.name,
        to: referral.to,
        body: email.text,
        automatic: false,
        kind: 'referral',
      };
      return {
        record,
        correspondence: [item],
        audit: [
          { type: 'referral.sent', actor: actor.userId, detail: { referralId, dueDate: request.dueDate } },
        ],
        result: { referral, email },
      };
    },
  );
  // After the record: a failed send is retried with the same key, never sent twice.
  await sendOnce(deps, `referral:${referral.referralId}`, email);
  return { referral };
}

type ReferralSettings = { inboundAddress: string; organizationName: string };
type CaseNames = { caseId: string; reference: string };

/** To whoever was asked, from the referral's own reply address, so their answer joins the case. */
function toTheRecipient(
  settings: ReferralSettings,
  record: CaseNames,
  referral: Referral,
  subject: string,
  text: string,
): OutboundEmail {
  return {
    to: referral.to,
    replyTo: referralReplyAddress(settings.inboundAddress, record.caseId, referral.referralId),
    subject,
    text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

function questionEmail(
  settings: ReferralSettings,
  record: CaseNames,
  referral: Referral,
  template: TemplateText,
): OutboundEmail {
  const { subject, body } = renderTemplate(template, {
    ...referralValues(settings, record, referral),
    question: referral.question,
  });
  return toTheRecipient(settings, record, referral, subject, body);
}

/** What every referral email may say: the case, who asked, whom, by when. */
function referralValues(settings: ReferralSettings, record: CaseNames, referral: Referral) {
  return {
    reference: record.reference,
    organizationName: settings.organizationName,
    recipientName: referral.toName,
    askedBy: referral.askedBy.name,
    dueBy: dayText(referral.dueDate),
  };
}

/** On the due date, to whoever was asked: the answer is due today (the question itself is in the first email). */
export function referralReminderEmail(
  settings: ReferralSettings,
  record: CaseNames,
  referral: Referral,
  template: TemplateText,
): OutboundEmail {
  const { subject, body } = renderTemplate(template, referralValues(settings, record, referral));
  return toTheRecipient(settings, record, referral, subject, body);
}

/** Once the due date has passed unanswered, to the person who asked and to the manager. */
export function referralOverdueEmail(
  settings: ReferralSettings & { consoleUrl: string },
  record: CaseNames,
  referral: Referral,
  to: string,
  template: TemplateText,
): OutboundEmail {
  const { subject, body } = renderTemplate(template, {
    ...referralValues(settings, record, referral),
    askedWhom: referral.toName ?? referral.to,
    consoleLink: `${settings.consoleUrl.replace(/\/$/, '')}/console/cases/${record.caseId}`,
  });
  return { to, subject, text: body, headers: { 'Auto-Submitted': 'auto-generated' } };
}

/** An answer to a referral, as received: joins its case as internal correspondence, once. */
export async function referralAnswered(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  input: { caseId: string; referralId: string; item: CorrespondenceItem },
): Promise<{ duplicate: boolean } | undefined> {
  const known = await deps.cases.getCase(input.caseId);
  if (!known?.referrals?.some((referral) => referral.referralId === input.referralId)) return undefined;
  return changeCase<{ duplicate: boolean }>(deps, input.caseId, async (record, now) => {
    const referral = record.referrals?.find(
      (candidate) => candidate.referralId === input.referralId,
    ) as Referral;
    if (referral.answers?.includes(input.item.correspondenceId)) return { unchanged: { duplicate: true } };
    referral.answers = [...(referral.answers ?? []), input.item.correspondenceId];
    if (referral.status === 'open') {
      referral.status = 'answered';
      referral.answeredAt = now.toISOString();
    }
    return {
      record,
      correspondence: [{ ...input.item, kind: 'referral-answer' }],
      audit: [{ type: 'referral.answered', actor: 'system', detail: { referralId: input.referralId } }],
      result: { duplicate: false },
    };
  });
}

/** Open referrals stop investigation's findings, unless a coordinator or manager overrides with a reason. */
export function assertNoOpenReferrals(
  record: { referrals?: Referral[] },
  override: { actor: Actor; reason?: string },
): void {
  const open = (record.referrals ?? []).filter((referral) => referral.status === 'open');
  if (open.length === 0) return;
  const mayOverride = override.actor.roles.some((role) => role === 'coordinator' || role === 'manager');
  if (override.reason && mayOverride) return;
  throw new RuleViolationError(
    `${open.length === 1 ? 'A referral is' : `${open.length} referrals are`} still open: wait for the answer, or a coordinator records why the findings cannot wait.`,
    [
      {
        field: 'referralsOverride',
        message: mayOverride
          ? 'Give the reason the findings cannot wait for the open referrals.'
          : 'Only a coordinator or manager can record findings with referrals open.',
      },
    ],
  );
}

function dayText(date: string): string {
  return DateTime.fromISO(date).setLocale('en-US').toFormat('cccc d LLLL yyyy');
}
