/**
 * The written response, with the elements the case's rules require under fixed headings:
 * - US (42 CFR 482.13(a)(2)(iii), surveyor tag A-0123; a Medicare Advantage plan's letters keep the same
 *   layout): the name of the contact person, the steps taken to investigate, the results, the date of completion.
 * - NHS England (SI 2009/309 reg 14(1)): how the complaint was considered, the conclusions reached, the action
 *   taken or proposed, and the right to take the complaint to the Parliamentary and Health Service Ombudsman.
 * The template lays them out (response-draft.ts); the check reads the letter as finally written, so deleting or emptying a section is
 * caught, not only a template that lacks one.
 */
import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';
import type { FieldError } from '../intake/complaint';

export const RESPONSE_HEADINGS = {
  stepsTaken: 'How we looked into your concern',
  results: 'What we found',
  contact: 'Who to contact',
  completion: 'Date our review was completed',
} as const;

/** NHS England, SI 2009/309 reg 14(1)(a)-(d). */
export const NHS_RESPONSE_HEADINGS = {
  considered: 'How we considered your complaint',
  conclusions: 'What we concluded',
  actions: 'What we have done and will do',
  contact: 'Who to contact',
  ombudsman: 'If you are still not satisfied',
} as const;

/** Which letter a case's rules ask for (the NHS regulations, or the CMS elements a US hospital or plan follows). */
export function responseRuleOf(record: Pick<CaseRecord, 'slaPolicy'>): 'nhs-reg-14' | 'cms-a0123' {
  return record.slaPolicy === 'uk-nhs' ? 'nhs-reg-14' : 'cms-a0123';
}

const MIN_SECTION_CHARACTERS = 20;

export function formatLetterDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale('en-US').toFormat('d LLLL yyyy');
}

/** Splits a letter into the text under each required heading (headings matched on their own line). */
function sections<K extends string>(body: string, headings: Record<K, string>): Partial<Record<K, string>> {
  const lines = body.split(/\r?\n/);
  const found: Partial<Record<K, string>> = {};
  const headingOf = (line: string) =>
    (Object.entries(headings) as [K, string][]).find(
      ([, heading]) => line.trim().replace(/:$/, '').toLowerCase() === heading.toLowerCase(),
    )?.[0];
  let current: K | undefined;
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
  const found = sections(body, RESPONSE_HEADINGS);
  const errors: FieldError[] = [];

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

const substantive = (value: string | undefined) =>
  value !== undefined && !value.includes('{{') && value.replace(/\s+/g, '').length >= MIN_SECTION_CHARACTERS;

/** The elements of SI 2009/309 reg 14(1), checked on the letter's content. Empty when all are there. */
export function checkNhsElements(body: string): FieldError[] {
  const found = sections(body, NHS_RESPONSE_HEADINGS);
  const missing = (heading: string, what: string) => ({
    field: 'body',
    message: `The letter must ${what}, under "${heading}" (SI 2009/309 reg 14(1)).`,
  });
  const errors: FieldError[] = [];
  if (!substantive(found.considered)) {
    errors.push(missing(NHS_RESPONSE_HEADINGS.considered, 'explain how the complaint was considered'));
  }
  if (!substantive(found.conclusions)) {
    errors.push(missing(NHS_RESPONSE_HEADINGS.conclusions, 'give the conclusions reached'));
  }
  if (!substantive(found.actions)) {
    errors.push(missing(NHS_RESPONSE_HEADINGS.actions, 'say what action was taken or is proposed'));
  }
  // Named as the Ombudsman (capitalised: a web address alone does not tell the right).
  if (!/Ombudsman/.test(found.ombudsman ?? '')) {
    errors.push(
      missing(
        NHS_RESPONSE_HEADINGS.ombudsman,
        'tell the complainant of their right to go to the Parliamentary and Health Service Ombudsman',
      ),
    );
  }
  return errors;
}

/**
 * What the case's rules require of its written response, checked before approval: every NHS complaint
 * (reg 14), and a US grievance (A-0123; a complaint resolved promptly needs no letter). Empty when complete.
 */
export function checkResponse(
  record: Pick<CaseRecord, 'slaPolicy' | 'triage' | 'classification'>,
  draft: { body: string; contactPerson: { name: string; contact: string }; completionDate: string },
): { rule: string; missing: FieldError[] } | undefined {
  if (responseRuleOf(record) === 'nhs-reg-14') {
    return {
      rule: 'An NHS complaint response must meet SI 2009/309 reg 14(1).',
      missing: checkNhsElements(draft.body),
    };
  }
  if ((record.triage?.type ?? record.classification.kind) !== 'grievance') return undefined;
  return {
    rule: 'A grievance response must contain the four elements of 42 CFR 482.13(a)(2)(iii).',
    missing: checkCmsElements(draft.body, draft),
  };
}
