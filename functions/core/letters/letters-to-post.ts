/**
 * Letters to post (issue 15 §1). Every letter written to someone who asked for post, or who has no email, is
 * recorded as to be mailed (send-to-complainant.ts). Staff take them from one queue, print each as a PDF with the
 * letterhead and the address block, and mark it posted with the date. Marking it posted is what sends a letter:
 * a grievance's written response by post counts as sent once it is posted (the grievance gate, steps/closure.ts).
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { hospitalToday } from '../access/cover';
import { type Actor, assertMayWorkOn, requireRole } from '../access/roles';
import type { CaseRecord, CorrespondenceItem } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError, NotFoundError, RuleViolationError } from '../errors';
import { timeZoneOf } from '../sla/case-clock';
import { isoDate } from '../validation';
import { letterPdf } from './letter-pdf';

/** What the queue shows of a letter: enough to print and post it, nothing of its text. */
export interface LetterToPost {
  letterId: string;
  caseId: string;
  reference: string;
  kind: CorrespondenceItem['kind'];
  subject: string;
  recipient: string;
  recordedAt: string;
}

export const PostedRequest = z.strictObject({ postedOn: isoDate });
export type PostedRequest = z.infer<typeof PostedRequest>;

const NO_SUCH_LETTER = 'No such letter.';
/** A day's post is a few dozen letters: the oldest 200 are listed, and posting them brings up the next. */
const QUEUE_LIMIT = 200;

/** A letter is named by its case and its correspondence item: `<caseId>.<correspondenceId>`. */
export function letterIdOf(item: Pick<CorrespondenceItem, 'caseId' | 'correspondenceId'>): string {
  return `${item.caseId}.${item.correspondenceId}`;
}

function parseLetterId(letterId: string): { caseId: string; correspondenceId: string } {
  const match = /^([0-9A-HJKMNP-TV-Z]{26})\.([0-9A-Za-z-]{1,80})$/.exec(letterId);
  if (!match) throw new NotFoundError(NO_SUCH_LETTER);
  return { caseId: match[1] as string, correspondenceId: match[2] as string };
}

export async function lettersToPost(deps: Deps<'cases'>, actor: Actor): Promise<{ letters: LetterToPost[] }> {
  requireRole(actor, ['coordinator', 'manager'], 'see the letters to post');
  const items = await deps.cases.listLettersToPost(QUEUE_LIMIT);
  const cases = new Map<string, CaseRecord | undefined>();
  await Promise.all(
    [...new Set(items.map((item) => item.caseId))].map(async (caseId) =>
      cases.set(caseId, await deps.cases.getCase(caseId)),
    ),
  );
  return {
    letters: items.map((item) => ({
      letterId: letterIdOf(item),
      caseId: item.caseId,
      reference: cases.get(item.caseId)?.reference ?? '',
      kind: item.kind,
      subject: item.subject,
      recipient: item.to,
      recordedAt: item.at,
    })),
  };
}

/** The case and the letter, for someone who may work on the case. */
async function findLetter(
  deps: Deps<'cases'>,
  actor: Actor,
  letterId: string,
): Promise<{ record: CaseRecord; letter: CorrespondenceItem }> {
  const { caseId, correspondenceId } = parseLetterId(letterId);
  const record = await loadCase(deps.cases, caseId).catch(() => {
    throw new NotFoundError(NO_SUCH_LETTER);
  });
  assertMayWorkOn(actor, record);
  const { correspondence } = await deps.cases.caseTimeline(caseId);
  const letter = correspondence.find(
    (item) => item.correspondenceId === correspondenceId && item.channel === 'letter',
  );
  if (!letter) throw new NotFoundError(NO_SUCH_LETTER);
  return { record, letter };
}

/** The letter as printed: what is posted (never a letter held back until authority is settled). */
export async function letterPdfOf(
  deps: Deps<'cases' | 'settings'>,
  actor: Actor,
  letterId: string,
): Promise<{ pdf: Uint8Array; filename: string }> {
  const { record, letter } = await findLetter(deps, actor, letterId);
  const zone = timeZoneOf(record, deps.settings);
  const dated = letter.postedOn
    ? DateTime.fromISO(letter.postedOn, { zone })
    : DateTime.fromISO(letter.at, { zone });
  const pdf = await letterPdf({
    letterhead: {
      organizationName: deps.settings.organizationName,
      addressLines: deps.settings.organizationAddress,
      phone: deps.settings.organizationPhone,
    },
    recipient: addressBlock(record),
    date: dated.setLocale(record.slaPolicy === 'uk-nhs' ? 'en-GB' : 'en-US').toFormat('d LLLL yyyy'),
    reference: record.reference,
    subject: letter.subject,
    body: letter.body,
    paper: record.slaPolicy === 'uk-nhs' ? 'a4' : 'letter',
  });
  return { pdf, filename: `${record.reference}-${letter.kind}.pdf` };
}

/** The envelope's lines: the name, then the postal address as the complainant gave it. */
function addressBlock(record: CaseRecord): string[] {
  const { name, address } = record.complaint.complainant;
  if (!address) return [name];
  const town = [address.city, address.region, address.postalCode].filter(Boolean).join(' ');
  return [name, address.line1, address.line2, town, address.country].filter((line): line is string => !!line);
}

/**
 * Marks a letter posted on a day (today or earlier, not before it was written). Once posted it leaves the queue;
 * a response by post then counts as sent. Marking it again with the same day changes nothing; another day is 409.
 */
export async function markLetterPosted(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids' | 'settings'>,
  input: { actor: Actor; letterId: string; request: PostedRequest },
): Promise<{ letter: LetterToPost & { postedOn: string } }> {
  const { actor, request } = input;
  requireRole(actor, ['coordinator', 'manager'], 'mark letters posted');
  const { record, letter } = await findLetter(deps, actor, input.letterId);
  const written = DateTime.fromISO(letter.at, {
    zone: timeZoneOf(record, deps.settings),
  }).toISODate() as string;
  const today = hospitalToday(deps);
  if (request.postedOn > today || request.postedOn < written) {
    throw new RuleViolationError('Give the day the letter was posted.', [
      {
        field: 'postedOn',
        message: `The day must be between ${written} (when it was written) and today (${today}).`,
      },
    ]);
  }
  const summary = {
    letterId: input.letterId,
    caseId: record.caseId,
    reference: record.reference,
    kind: letter.kind,
    subject: letter.subject,
    recipient: letter.to,
    recordedAt: letter.at,
    postedOn: request.postedOn,
  };
  if (letter.status === 'posted') {
    if (letter.postedOn === request.postedOn) return { letter: summary };
    throw new ConflictError(`This letter was already marked posted on ${letter.postedOn}.`);
  }
  await changeCase(deps, record.caseId, async (latest) => {
    if (latest.response?.correspondenceId === letter.correspondenceId) {
      latest.response = { ...latest.response, postedOn: request.postedOn };
    }
    return {
      record: latest,
      changedCorrespondence: [
        { ...letter, status: 'posted', postedOn: request.postedOn, postedBy: actor.userId },
      ],
      audit: [
        {
          type: 'letter.posted',
          actor: actor.userId,
          detail: {
            correspondenceId: letter.correspondenceId,
            kind: letter.kind,
            postedOn: request.postedOn,
          },
        },
      ],
      result: undefined,
    };
  });
  return { letter: summary };
}
