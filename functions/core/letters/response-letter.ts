/**
 * The written response to a grievance. 42 CFR 482.13(a)(2)(iii), surveyor tag A-0123: the written notice must
 * contain the name of the hospital contact person, the steps taken to investigate the grievance, the results of
 * the grievance process, and the date of completion. The template lays those out under fixed headings; the
 * check reads the letter as finally written, so deleting or emptying a section is caught, not only a template
 * that lacks one.
 */
import { DateTime } from 'luxon';
import type { CaseRecord, StaffRef } from '../case/case';
import type { FieldError } from '../intake/complaint';

export const RESPONSE_HEADINGS = {
  stepsTaken: 'How we looked into your concern',
  results: 'What we found',
  contact: 'Who to contact',
  completion: 'Date our review was completed',
} as const;

const MIN_SECTION_CHARACTERS = 20;

export function formatLetterDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale('en-US').toFormat('d LLLL yyyy');
}

/** A first draft for the representative to edit, filled from what the investigation recorded. */
export function responseTemplate(
  record: CaseRecord,
  contact: StaffRef & { phone?: string },
  organizationName: string,
  completionDate: string,
): string {
  const { complainant } = record.complaint;
  return [
    `Dear ${complainant.name},`,
    '',
    `Re: your ${record.classification.kind === 'grievance' ? 'grievance' : 'concern'}, reference ${record.reference}`,
    '',
    `Thank you for telling us about your experience at ${organizationName}. This letter explains what we did and what we found.`,
    '',
    RESPONSE_HEADINGS.stepsTaken,
    record.investigation?.stepsTaken ?? '{{Describe the steps taken to investigate}}',
    '',
    RESPONSE_HEADINGS.results,
    record.investigation?.findings ?? '{{Describe the results and any actions we are taking}}',
    '',
    RESPONSE_HEADINGS.contact,
    `If you have any questions about this letter, please contact ${contact.name}, ${contact.phone ?? contact.email}.`,
    '',
    RESPONSE_HEADINGS.completion,
    formatLetterDate(completionDate),
    '',
    'If you are not satisfied with our response, you may contact your State survey agency or the Quality',
    'Improvement Organization (QIO) at any time.',
    '',
    'Yours sincerely,',
    `Patient Relations, ${organizationName}`,
  ].join('\n');
}

/** Splits a letter into the text under each required heading (headings matched on their own line). */
function sections(body: string): Partial<Record<keyof typeof RESPONSE_HEADINGS, string>> {
  const lines = body.split(/\r?\n/);
  const found: Partial<Record<keyof typeof RESPONSE_HEADINGS, string>> = {};
  const headingOf = (line: string) =>
    (Object.entries(RESPONSE_HEADINGS) as [keyof typeof RESPONSE_HEADINGS, string][]).find(
      ([, heading]) => line.trim().replace(/:$/, '').toLowerCase() === heading.toLowerCase(),
    )?.[0];
  let current: keyof typeof RESPONSE_HEADINGS | undefined;
  const collected: string[] = [];
  const flush = () => {
    if (current) found[current] = collected.join('\n').trim();
    collected.length = 0;
  };
  for (const line of lines) {
    const heading = headingOf(line);
    if (heading) {
      flush();
      current = heading;
    } else if (current) {
      // A section ends at the first blank line after its text.
      if (line.trim() === '' && collected.some((entry) => entry.trim() !== '')) {
        flush();
        current = undefined;
      } else {
        collected.push(line);
      }
    }
  }
  flush();
  return found;
}

/** The four elements of A-0123, checked on the letter's content. Empty when all are there. */
export function checkCmsElements(
  body: string,
  facts: { contactPerson: { name: string; contact: string }; completionDate: string },
): FieldError[] {
  const found = sections(body);
  const errors: FieldError[] = [];
  const substantive = (value: string | undefined) =>
    value !== undefined &&
    !value.includes('{{') &&
    value.replace(/\s+/g, '').length >= MIN_SECTION_CHARACTERS;

  if (!substantive(found.stepsTaken)) {
    errors.push({
      field: 'body',
      message: `The letter must describe the steps taken to investigate, under "${RESPONSE_HEADINGS.stepsTaken}" (42 CFR 482.13(a)(2)(iii)).`,
    });
  }
  if (!substantive(found.results)) {
    errors.push({
      field: 'body',
      message: `The letter must give the results of the grievance process, under "${RESPONSE_HEADINGS.results}" (42 CFR 482.13(a)(2)(iii)).`,
    });
  }
  const contact = found.contact ?? '';
  if (!contact.includes(facts.contactPerson.name) || !contact.includes(facts.contactPerson.contact)) {
    errors.push({
      field: 'body',
      message: `The letter must name the contact person (${facts.contactPerson.name}) and how to reach them, under "${RESPONSE_HEADINGS.contact}" (42 CFR 482.13(a)(2)(iii)).`,
    });
  }
  const completion = found.completion ?? '';
  if (
    !completion.includes(formatLetterDate(facts.completionDate)) &&
    !completion.includes(facts.completionDate)
  ) {
    errors.push({
      field: 'body',
      message: `The letter must state the date of completion (${formatLetterDate(facts.completionDate)}), under "${RESPONSE_HEADINGS.completion}" (42 CFR 482.13(a)(2)(iii)).`,
    });
  }
  return errors;
}
