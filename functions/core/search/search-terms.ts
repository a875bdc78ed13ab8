/**
 * What a case can be found by (issue 13 §1): the complainant's and the patient's names word by word (any order,
 * prefixes, case and accents ignored), email, phone (any formatting), MRN and date of birth. The case store keeps
 * one index item per term of each case, written in the case's own transaction, so finding is one Query per
 * term, never a Scan (README, access patterns).
 */
import type { ComplaintInput } from '../intake/complaint';

export type TermKind = 'name' | 'email' | 'phone' | 'mrn' | 'dob';

/** A term as stored: `<kind>:<value>`, the value folded (lower case, no accents, no punctuation). */
export type SearchTerm = `${TermKind}:${string}`;

/** Lower case without accents: "Zoë Ó Briain" and "zoe o briain" are the same to a search. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function nameWords(name: string | undefined): string[] {
  return name
    ? fold(name)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
    : [];
}

/** The last ten digits (a number written with or without its country code matches itself). */
export function phoneDigits(phone: string | undefined): string | undefined {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 7 ? digits.slice(-10) : undefined;
}

export function mrnValue(mrn: string | undefined): string | undefined {
  const value = mrn ? fold(mrn).replace(/[^\p{L}\p{N}]/gu, '') : '';
  return value || undefined;
}

export function searchTermsOf(complaint: ComplaintInput): SearchTerm[] {
  const terms = new Set<SearchTerm>();
  const { complainant, patient } = complaint;
  for (const word of [...nameWords(complainant.name), ...nameWords(patient?.name)]) terms.add(`name:${word}`);
  if (complainant.email) terms.add(`email:${fold(complainant.email.trim())}`);
  const phone = phoneDigits(complainant.phone);
  if (phone) terms.add(`phone:${phone}`);
  const mrn = mrnValue(patient?.mrn);
  if (mrn) terms.add(`mrn:${mrn}`);
  if (patient?.dateOfBirth) terms.add(`dob:${patient.dateOfBirth}`);
  return [...terms].sort();
}

/** One lookup: a term's value exactly, or (names) every value that starts with it. */
export interface TermLookup {
  kind: TermKind;
  value: string;
  prefix: boolean;
}

/** Cases matching every clause; a clause matches when any of its lookups does. */
export type SearchPlan = TermLookup[][];

/** The shortest prefix a name lookup takes (one letter would match most of the hospital). */
export const MIN_PREFIX = 2;

/**
 * Reads what someone typed into the ways it could find a case. Several plans can apply ("MRN 0042" could be an
 * MRN or words of a name); a case matching any of them is a result.
 */
export function plansFor(query: string): SearchPlan[] {
  const text = query.trim();
  if (!text) return [];
  if (text.includes('@')) return [[[{ kind: 'email', value: fold(text), prefix: false }]]];
  const plans: SearchPlan[] = [];
  const dates = datesOf(text);
  const date = dates.length > 0;
  if (date) plans.push([dates.map((value) => ({ kind: 'dob' as const, value, prefix: false }))]);
  const digits = text.replace(/\D/g, '');
  if (/^[\d\s()+.-]+$/.test(text) && digits.length >= 7) {
    plans.push([
      [
        { kind: 'phone', value: digits.slice(-10), prefix: false },
        { kind: 'mrn', value: digits, prefix: false },
      ],
    ]);
  }
  const mrn = mrnValue(text);
  if (mrn && /\d/.test(mrn) && !date) plans.push([[{ kind: 'mrn', value: mrn, prefix: false }]]);
  const words = nameWords(text).filter((word) => word.length >= MIN_PREFIX);
  if (words.length > 0 && !date) {
    plans.push(words.map((word) => [{ kind: 'name', value: word, prefix: true }]));
  }
  return plans;
}

/** Whether a case's terms satisfy a plan (index items can outlive a correction; results are checked). */
export function satisfies(terms: readonly string[], plan: SearchPlan): boolean {
  return plan.every((clause) =>
    clause.some((lookup) =>
      terms.some((term) =>
        lookup.prefix
          ? term.startsWith(`${lookup.kind}:${lookup.value}`)
          : term === `${lookup.kind}:${lookup.value}`,
      ),
    ),
  );
}

/**
 * The dates a date of birth typed as text can be: ISO (1941-03-17); 17.03.1941 (day first); 03/17/1941 or
 * 17/03/1941, month or day first as the hospital writes it, so both readings where both are dates.
 */
function datesOf(text: string): string[] {
  const iso = text.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (iso) return valid([[iso[1], iso[2], iso[3]]]);
  const dotted = text.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (dotted) return valid([[dotted[3], dotted[2], dotted[1]]]);
  const slashed = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (slashed) {
    return valid([
      [slashed[3], slashed[1], slashed[2]],
      [slashed[3], slashed[2], slashed[1]],
    ]);
  }
  return [];
}

function valid(candidates: (string | undefined)[][]): string[] {
  const dates = new Set<string>();
  for (const [year, month, day] of candidates) {
    if (!year || !month || !day) continue;
    const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)) dates.add(value);
  }
  return [...dates];
}
