/**
 * "I'm calling about my complaint": one search box finds cases by a person's name, email, phone, MRN, date of
 * birth or the case reference (search-terms.ts), and shows each person's other cases (repeat contacts, likely
 * duplicates). A representative finds only the cases they may work on. Every case a search shows is recorded in
 * its access log, as a view is.
 */
import { recordRead } from '../access/access-log';
import { type Actor, mayWorkOn } from '../access/roles';
import type { CaseRecord, CaseStage } from '../case/case';
import { type CaseSummary, summaryOf } from '../console/console-queries';
import type { Deps } from '../dependencies';
import { isReference } from '../intake/reference';
import {
  fold,
  phoneDigits,
  plansFor,
  type SearchPlan,
  satisfies,
  searchTermsOf,
  type TermLookup,
} from './search-terms';

export interface CaseMatch extends CaseSummary {
  patient?: string;
  /** The same person's other cases (by their email or phone), newest first. */
  otherCases: { caseId: string; reference: string; stage: CaseStage; receivedAt: string }[];
}

type SearchDependencies = Deps<'cases' | 'references' | 'accessLog' | 'clock' | 'ids'>;

/** More candidates than this and the query is too broad to be useful; the person narrows it. */
const CANDIDATES = 200;
const RESULTS = 25;
const OTHER_CASES = 10;

export async function findCases(
  deps: SearchDependencies,
  actor: Actor,
  query: string,
): Promise<{ results: CaseMatch[] }> {
  const records = isReference(query.trim().toUpperCase())
    ? await byReference(deps, query.trim().toUpperCase())
    : await byTerms(deps, plansFor(query));
  const visible = records
    .filter((record) => mayWorkOn(actor, record))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, RESULTS);
  const results = await Promise.all(
    visible.map(async (record) => ({
      ...matchOf(record, deps.clock.now()),
      otherCases: await otherCasesOf(deps, actor, record),
    })),
  );
  await Promise.all(visible.map((record) => recordRead(deps, actor, record.caseId, 'search')));
  return { results };
}

async function byReference(deps: SearchDependencies, reference: string): Promise<CaseRecord[]> {
  const caseId = await deps.references.findCaseIdByReference(reference);
  const record = caseId ? await deps.cases.getCase(caseId) : undefined;
  return record ? [record] : [];
}

/**
 * For each plan, the clauses are looked up one at a time, the likeliest to be narrow first (exact terms, then the
 * longest words). The first clause that comes back whole (fewer than CANDIDATES ids) holds every case the plan can
 * match, so no other clause needs a Query: a common first name costs nothing once the rare surname beside it has
 * answered. Candidates are read newest first, and each is kept only if it matches every clause as the case is now.
 * Reading stops at RESULTS matches.
 */
async function byTerms(deps: SearchDependencies, plans: SearchPlan[]): Promise<CaseRecord[]> {
  const found = new Map<string, CaseRecord>();
  for (const plan of plans) {
    let candidates: Set<string> | undefined;
    for (const clause of [...plan].sort((a, b) => narrowness(b) - narrowness(a))) {
      const ids = new Set<string>();
      for (const lookup of clause) {
        for (const caseId of await deps.cases.findCaseIdsByTerm(lookup, CANDIDATES)) ids.add(caseId);
      }
      // No clause came back whole: the first clause's newest ids stand in (the person narrows the search).
      candidates ??= ids;
      if (ids.size < CANDIDATES) {
        candidates = ids;
        break;
      }
    }
    // Case ids are ULIDs: in order of arrival, so the newest first.
    for (const caseId of [...(candidates ?? [])].sort((a, b) => b.localeCompare(a))) {
      if (found.size >= RESULTS) break;
      if (found.has(caseId)) continue;
      const record = await deps.cases.getCase(caseId);
      // An index item can outlive a correction: only a case that matches as it is now is a result.
      if (record && satisfies(searchTermsOf(record.complaint), plan)) found.set(caseId, record);
    }
  }
  return [...found.values()];
}

/** How narrow a clause is likely to be: an exact term most, then the longest of its prefixes. */
function narrowness(clause: TermLookup[]): number {
  return Math.min(...clause.map((lookup) => (lookup.prefix ? lookup.value.length : Number.MAX_SAFE_INTEGER)));
}

async function otherCasesOf(
  deps: SearchDependencies,
  actor: Actor,
  record: CaseRecord,
): Promise<CaseMatch['otherCases']> {
  const { email, phone } = record.complaint.complainant;
  const lookups = [
    ...(email ? [{ kind: 'email' as const, value: fold(email.trim()), prefix: false }] : []),
    ...(phoneDigits(phone)
      ? [{ kind: 'phone' as const, value: phoneDigits(phone) as string, prefix: false }]
      : []),
  ];
  const ids = new Set<string>();
  for (const lookup of lookups) {
    for (const caseId of await deps.cases.findCaseIdsByTerm(lookup, OTHER_CASES + 1)) ids.add(caseId);
  }
  ids.delete(record.caseId);
  const others = await Promise.all([...ids].map((caseId) => deps.cases.getCase(caseId)));
  return others
    .filter((other): other is CaseRecord => !!other && mayWorkOn(actor, other))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, OTHER_CASES)
    .map((other) => ({
      caseId: other.caseId,
      reference: other.reference,
      stage: other.stage,
      receivedAt: other.receivedAt,
    }));
}

function matchOf(record: CaseRecord, now: Date): Omit<CaseMatch, 'otherCases'> {
  return { ...summaryOf(record, now), patient: record.complaint.patient?.name };
}
