/**
 * What a person hears on the tracks other than the formal review (review/tracks.ts): a notice when triage puts
 * the case on its track (where it went and by when they will hear), and the closing letter (what came of it),
 * each in the track's own words. A concern resolved quickly gets no formal letter (SI 2009/309 reg 8; CMS SOM
 * Appendix A), unless staff write one.
 */
import { maySpeakOfThePatient } from '../case/acting-for';
import type { CaseRecord } from '../case/case';
import type { OutboundEmail } from '../ports';
import { TRACK_RULES, type Track, trackOf } from '../review/tracks';
import { timeZoneOf } from '../sla/case-clock';
import { formatDateForComplainant } from './acknowledgement';
import { complainantLetter, heldForAuthority, type NotificationSettings } from './notifications';

const SUBJECTS: Record<Exclude<Track, 'formal'>, string> = {
  concern: 'Your concern',
  request: 'Your request for information',
  appointment: 'Your appointment',
  billing: 'Your billing question',
  property: 'Your lost property',
  'pass-on': 'Thank you',
};

function subjectOf(record: CaseRecord, track: Exclude<Track, 'formal'>): string {
  return record.triage?.type === 'suggestion' ? 'Thank you for your suggestion' : SUBJECTS[track];
}

function otherTrack(record: CaseRecord): Exclude<Track, 'formal'> | undefined {
  const track = trackOf(record);
  return track && track !== 'formal' ? track : undefined;
}

/** The notice when the case starts on its track, or undefined where the track sends none. */
export function trackNotice(record: CaseRecord, settings: NotificationSettings): OutboundEmail | undefined {
  const track = otherTrack(record);
  if (!track || track === 'concern') return undefined;
  const department = record.triage?.department ?? TRACK_RULES[track].routedTo ?? 'the team concerned';
  const due = record.deadlines.respond
    ? formatDateForComplainant(record.deadlines.respond.dueAt, timeZoneOf(record, settings))
    : undefined;
  const by = due ? ` by ${due}` : '';
  const paragraphs: Record<Exclude<Track, 'formal' | 'concern'>, string[]> = {
    request: [
      `We have passed your request (reference ${record.reference}) to our ${department}.`,
      `We will answer it${by}. If we need longer, we will write to you before then to tell you why and when you will have our answer.`,
    ],
    appointment: [
      `We have passed what you told us about your appointment (reference ${record.reference}) to our ${department} team.`,
      `They or we will contact you${by}.`,
    ],
    billing: [
      `We have passed your question (reference ${record.reference}) to our ${department}. If it concerns what your insurer pays, we may ask them too.`,
      `We will contact you${by}.`,
    ],
    property: [
      `We have logged the item you told us you lost (reference ${record.reference}) and our ${department} team is looking for it.`,
      `We will tell you${by} whether we have found it.`,
    ],
    'pass-on':
      record.triage?.type === 'suggestion'
        ? [
            `Thank you for your suggestion (reference ${record.reference}).`,
            'We will pass it on to the team concerned, who will consider it.',
          ]
        : [
            `Thank you for taking the time to tell us (reference ${record.reference}).`,
            'We will pass your kind words on to the people you named and to their team.',
          ],
  };
  return complainantLetter(record, subjectOf(record, track), paragraphs[track], settings);
}

/**
 * The letter the track owes now: that lost property was found (while it is held), or what the case came to
 * (once closed). Undefined when there is nothing to say. `fullText` is the whole letter, kept on the case
 * even when the email only says it is ready.
 */
export function trackLetter(
  record: CaseRecord,
  settings: NotificationSettings,
): { purpose: string; email: OutboundEmail; fullText: string } | undefined {
  const track = otherTrack(record);
  if (!track) return undefined;
  const subject = subjectOf(record, track);
  const property = record.property;
  if (!record.trackResult && property?.status === 'found') {
    const until = property.heldUntil
      ? ` We will keep it until ${formatDateForComplainant(property.heldUntil, timeZoneOf(record, settings))}.`
      : '';
    const email = complainantLetter(
      record,
      'We have found your property',
      [
        'We have found the item you told us you lost.',
        `You can collect it from ${property.heldAt ?? 'us'}; please bring proof of identity, or call us to arrange another way.${until}`,
      ],
      settings,
    );
    return { purpose: 'property-found', email, fullText: email.text };
  }
  const result = record.trackResult;
  if (!result) return undefined;
  const paragraphs = result.reply ? [result.reply] : defaultWords(record);
  if (paragraphs.length === 0) return undefined;
  const letter = complainantLetter(record, subject, paragraphs, settings);
  // Staff's own words may speak of the patient: with authority unsettled, they wait on the status page.
  const held = result.reply && !maySpeakOfThePatient(record);
  return {
    purpose: 'track-result',
    email: held ? { ...letter, text: heldForAuthority(record, 'Our answer', settings) } : letter,
    fullText: letter.text,
  };
}

/** What the person is told when staff wrote nothing of their own. */
function defaultWords(record: CaseRecord): string[] {
  const result = record.trackResult;
  switch (result?.result) {
    case 'passed-on':
      return record.triage?.type === 'suggestion'
        ? [
            `We have passed your suggestion on to ${result.passedTo ?? 'the team concerned'}. Thank you again.`,
          ]
        : [`We have passed your thanks on to ${result.passedTo ?? 'the people you named'}. Thank you again.`];
    case 'not-found':
      return [
        'We are sorry: we have not found the item you told us you lost.',
        'If it is handed in later, we will contact you.',
      ];
    default:
      return [];
  }
}
