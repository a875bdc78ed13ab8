/**
 * What a person hears on the tracks other than the formal review (review/tracks.ts): a notice when triage puts
 * the case on its track (where it went and by when they will hear), and the closing letter (what came of it),
 * each in the track's own words, from its template (letters/templates.ts). A concern resolved quickly gets no formal letter (SI 2009/309 reg 8; CMS SOM
 * Appendix A), unless staff write one.
 */
import { maySpeakOfThePatient } from '../case/acting-for';
import type { CaseRecord } from '../case/case';
import type { OutboundEmail } from '../ports';
import { TRACK_RULES, type Track, trackOf } from '../review/tracks';
import { timeZoneOf } from '../sla/case-clock';
import { formatDateForComplainant } from './acknowledgement';
import { heldForAuthority, type NotificationSettings, templatedLetter } from './notifications';
import type { TemplateKind, TemplateText } from './template-kinds';
import { shippedTemplate } from './templates';

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

const NOTICE_KIND: Record<Exclude<Track, 'formal' | 'concern' | 'pass-on'>, TemplateKind> = {
  request: 'track-notice-request',
  appointment: 'track-notice-appointment',
  billing: 'track-notice-billing',
  property: 'track-notice-property',
};

/** The template of the notice when the case starts on its track; none where the track sends none (a concern). */
export function trackNoticeKind(record: CaseRecord): TemplateKind | undefined {
  const track = otherTrack(record);
  if (!track || track === 'concern') return undefined;
  if (track === 'pass-on')
    return record.triage?.type === 'suggestion' ? 'track-notice-suggestion' : 'track-notice-thanks';
  return NOTICE_KIND[track];
}

/** The notice when the case starts on its track, or undefined where the track sends none. */
export function trackNotice(
  record: CaseRecord,
  settings: NotificationSettings,
  template?: TemplateText,
): OutboundEmail | undefined {
  const track = otherTrack(record);
  const kind = trackNoticeKind(record);
  if (!track || !kind) return undefined;
  return templatedLetter(
    record,
    template ?? shippedTemplate(record.slaPolicy, kind),
    {
      department: record.triage?.department ?? TRACK_RULES[track].routedTo ?? 'the team concerned',
      dueBy: record.deadlines.respond
        ? formatDateForComplainant(record.deadlines.respond.dueAt, timeZoneOf(record, settings))
        : undefined,
    },
    settings,
  );
}

/**
 * The template of the letter the track owes now: that lost property was found (while it is held), or what the
 * case came to (once closed): staff's own words, or the track's when they wrote none. None: nothing to say.
 */
export function trackLetterKind(record: CaseRecord): TemplateKind | undefined {
  if (!otherTrack(record)) return undefined;
  const result = record.trackResult;
  if (!result) return record.property?.status === 'found' ? 'property-found' : undefined;
  if (result.reply) return 'track-answer';
  if (result.result === 'passed-on') {
    return record.triage?.type === 'suggestion' ? 'passed-on-suggestion' : 'passed-on-thanks';
  }
  return result.result === 'not-found' ? 'property-not-found' : undefined;
}

/**
 * The letter the track owes now (trackLetterKind). `fullText` is the whole letter, kept on the case even when the
 * email only says it is ready.
 */
export function trackLetter(
  record: CaseRecord,
  settings: NotificationSettings,
  template?: TemplateText,
): { purpose: string; email: OutboundEmail; fullText: string } | undefined {
  const track = otherTrack(record);
  const kind = trackLetterKind(record);
  if (!track || !kind) return undefined;
  const result = record.trackResult;
  const property = record.property;
  const letter = templatedLetter(
    record,
    template ?? shippedTemplate(record.slaPolicy, kind),
    {
      heldAt: property?.heldAt ?? 'us',
      heldUntil: property?.heldUntil
        ? formatDateForComplainant(property.heldUntil, timeZoneOf(record, settings))
        : undefined,
      passedTo:
        result?.passedTo ??
        (record.triage?.type === 'suggestion' ? 'the team concerned' : 'the people you named'),
      trackSubject: subjectOf(record, track),
      answer: result?.reply,
    },
    settings,
  );
  if (kind === 'property-found') return { purpose: 'property-found', email: letter, fullText: letter.text };
  // Staff's own words may speak of the patient: with authority unsettled, they wait on the status page.
  const held = result?.reply && !maySpeakOfThePatient(record);
  return {
    purpose: 'track-result',
    email: held ? { ...letter, text: heldForAuthority(record, 'Our answer', settings) } : letter,
    fullText: letter.text,
  };
}
