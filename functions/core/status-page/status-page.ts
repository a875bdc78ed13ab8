/**
 * The complainant's status page, reached by a private link: a random token (never the reference) in the link's
 * fragment, so it is not sent in requests for the page or in Referer headers. The server keeps only a hash of
 * it, with an expiry. The page shows the case's stage and dates and what the complainant told us; nothing
 * about the investigation, staff or the patient beyond what they submitted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type CaseRecord, type CorrespondenceItem, isClosed } from '../case/case';
import { type ComplainantWroteDeps, complainantWrote } from '../correspondence/complainant-wrote';
import type { Deps } from '../dependencies';
import { ConflictError, NotFoundError } from '../errors';

/** Links outlive the case's resolution target by this much, then stop working. */
const LINK_GRACE_DAYS = 90;

export function newStatusToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: statusTokenHash(token) };
}

export function statusTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function statusLinkExpiry(record: CaseRecord, now: Date): Date {
  const resolve = record.deadlines.resolve ? Date.parse(record.deadlines.resolve.dueAt) : now.getTime();
  return new Date(Math.max(resolve, now.getTime()) + LINK_GRACE_DAYS * 86_400_000);
}

export function statusLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/status.html#${token}`;
}

/** A new private link to the case's status page: its token's hash stored, the link itself only returned. */
export async function issueStatusLink(
  deps: Deps<'statusLinks' | 'clock' | 'settings'>,
  record: CaseRecord,
): Promise<string> {
  const { token, hash } = newStatusToken();
  await deps.statusLinks.putStatusLink(hash, record.caseId, statusLinkExpiry(record, deps.clock.now()));
  return statusLink(deps.settings.consoleUrl, token);
}

const STAGE_TEXT: Record<CaseRecord['stage'], string> = {
  intake: 'Received',
  triage: 'Received: a member of our team is reviewing it',
  investigation: 'Being looked into',
  'awaiting-complainant': 'Waiting for information from you',
  response: 'We are writing our response',
  approval: 'We are writing our response',
  sending: 'Our response is on its way',
  closure: 'Our response has been sent',
  concern: 'A member of our team is dealing with it',
  request: 'With our records office',
  appointment: 'With our scheduling team',
  billing: 'With our billing office',
  'property-search': 'We are looking for your property',
  'property-held': 'Found: waiting for collection',
  'pass-on': 'Being passed on to the people concerned',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export interface StatusView {
  reference: string;
  stage: string;
  receivedAt: string;
  respondBy?: string;
  /** What the complainant told us: their own words, and the messages between us. */
  description: string;
  messages: { at: string; from: 'you' | 'us' | 'shared'; subject: string; text: string }[];
  /** Asked once the case closed with a survey (status-page/survey.ts); their answer once given. */
  survey?: { answered?: { score: number; comment?: string } };
}

export async function findCaseByStatusToken(
  deps: Deps<'cases' | 'statusLinks' | 'clock'>,
  token: string,
): Promise<CaseRecord> {
  const found = /^[A-Za-z0-9_-]{20,64}$/.test(token)
    ? await deps.statusLinks.findStatusLink(statusTokenHash(token))
    : undefined;
  if (!found || Date.parse(found.expiresAt) < deps.clock.now().getTime()) {
    throw new NotFoundError('This link is not valid or has expired. Please call us or reply to our email.');
  }
  const record = await deps.cases.getCase(found.caseId);
  if (!record)
    throw new NotFoundError('This link is not valid or has expired. Please call us or reply to our email.');
  return record;
}

export async function statusView(
  deps: Deps<'cases' | 'statusLinks' | 'clock'>,
  token: string,
): Promise<StatusView> {
  const record = await findCaseByStatusToken(deps, token);
  const { correspondence } = await deps.cases.caseTimeline(record.caseId);
  const complainant = record.complaint.complainant.email?.toLowerCase();
  // What we wrote to them, and what they wrote themselves: never mail from anyone else that a coordinator placed
  // on the case (a clinician's statement, another relative) unless staff shared it, nor notes of calls.
  const shared = new Set(record.sharedWithComplainant ?? []);
  const own = (item: CorrespondenceItem) =>
    shared.has(item.correspondenceId) ||
    (item.channel !== 'phone' &&
      item.channel !== 'walk-in' &&
      item.channel !== 'internal' &&
      item.kind !== 'referral' &&
      item.kind !== 'referral-answer' &&
      !item.automatic &&
      item.kind !== 'complaint' &&
      (item.direction === 'out' || item.channel === 'web' || item.from.toLowerCase() === complainant));
  return {
    reference: record.reference,
    stage: STAGE_TEXT[record.stage],
    receivedAt: record.receivedAt,
    respondBy: record.response ? undefined : record.deadlines.respond?.dueAt,
    description: record.complaint.description,
    messages: correspondence.filter(own).map((item) => ({
      at: item.at,
      from: shared.has(item.correspondenceId) ? 'shared' : item.direction === 'in' ? 'you' : 'us',
      subject: item.subject,
      // A letter held back from the email or post until authority is settled is read here, whole.
      text: item.heldText ?? item.displayBody ?? item.body,
    })),
    ...(record.surveySentAt
      ? {
          survey: record.survey
            ? {
                answered: {
                  score: record.survey.score,
                  ...(record.survey.comment ? { comment: record.survey.comment } : {}),
                },
              }
            : {},
        }
      : {}),
  };
}

/**
 * The complainant adds information from the status page: the same use case as an email reply
 * (correspondence/complainant-wrote), without email.
 */
export async function addStatusMessage(
  deps: ComplainantWroteDeps & Deps<'statusLinks'>,
  token: string,
  text: string,
): Promise<{ received: true }> {
  const record = await findCaseByStatusToken(deps, token);
  if (isClosed(record)) {
    throw new ConflictError('This case is closed. Please call us or write to us if you want to reopen it.');
  }
  await complainantWrote(deps, {
    item: {
      caseId: record.caseId,
      correspondenceId: deps.ids.newId(),
      direction: 'in',
      channel: 'web',
      at: deps.clock.now().toISOString(),
      subject: 'Information added on the status page',
      from: record.complaint.complainant.email ?? record.complaint.complainant.name,
      to: deps.settings.inboundAddress,
      body: text,
      automatic: false,
      kind: 'reply',
    },
    audit: { type: 'correspondence.status-page', actor: 'complainant' },
  });
  return { received: true };
}
