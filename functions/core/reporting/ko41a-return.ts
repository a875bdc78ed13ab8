/**
 * The KO41a-style annual return (NHS England, Hospital and Community Health Services written complaints; shared
 * notes "reporting.md"): per organisation, or per site, for the year to 31 March.
 *
 * Counting rules as the collection documents them: the summary counts complaints brought forward, new, resolved
 * (upheld, partially upheld, not upheld) and carried forward; only the new complaints get the breakdowns, by the
 * patient's age band, the complainant's status, the service area, the subject areas and the staff groups, a
 * complaint counted against each subject and staff group it concerns (those totals can exceed the new ones).
 * Zeros are entered, never blanks. Counted: complaints handled under the regulations, so not a verbal complaint
 * resolved by the next working day (SI 2009/309 reg 8(1)(b)), nor comments, suggestions, requests or duplicates.
 *
 * A case not yet coded, or coded with a local code that maps to no code of the return, blocks the return (422,
 * naming the cases) instead of being silently counted as "other".
 *
 * Reads the reports' read model (case-facts.ts): the year's months received, the cases closed since the year
 * began, and the cases open now. Never a scan.
 */
import { type Actor, requireRole } from '../access/roles';
import { CLOSURE_OUTCOMES } from '../case/case';
import {
  type Code,
  type CodeLists,
  type MappedList,
  readCodeLists,
  returnCodeOf,
} from '../coding/code-lists';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import type { CaseFacts } from './case-facts';
import { type ReportYear, reportYear } from './report-year';
import type { Table } from './spreadsheet';

export interface ReturnLine {
  code: string;
  name: string;
  count: number;
}

export interface Ko41aReturn {
  year: string;
  firstDay: string;
  lastDay: string;
  organisation: string;
  /** The site, when the return is for one. */
  facility?: string;
  listsVersion: number;
  listsSource: string;
  summary: {
    broughtForward: number;
    received: number;
    upheld: number;
    partlyUpheld: number;
    notUpheld: number;
    resolved: number;
    /** Closed in the year without a finding (withdrawn): out of the carried-forward count, not "resolved". */
    closedOtherwise: number;
    carriedForward: number;
  };
  byAgeBand: ReturnLine[];
  byStatus: ReturnLine[];
  byServiceArea: ReturnLine[];
  bySubject: ReturnLine[];
  byProfession: ReturnLine[];
  /** The collection's validations, as documented for KO41b (reporting.md), each passed or not. */
  checks: { rule: string; passed: boolean }[];
}

/** Outcomes that mean the case was never a complaint the return counts. */
const NOT_COUNTED_OUTCOMES = ['duplicate', 'resolved-at-first-contact'];
/** At most this many cases named in a blocked return's answer; the message gives the total. */
const NAMED_CASES = 200;

/** A complaint the return counts (for one site when `facility` is given). */
export function countedByTheReturn(facts: CaseFacts, facility?: string): boolean {
  return (
    (facts.type === 'grievance' || facts.type === 'complaint') &&
    !NOT_COUNTED_OUTCOMES.includes(facts.outcome ?? '') &&
    !facts.resolvedAtFirstContact &&
    (facility === undefined || facts.facility === facility)
  );
}

/** The complaints of a return's year, as the return sorts them: what the drill-down lists for a number. */
export interface ReturnCases {
  year: ReportYear;
  lists: CodeLists;
  broughtForward: CaseFacts[];
  received: CaseFacts[];
  closedInYear: CaseFacts[];
  carriedForward: CaseFacts[];
}

export async function returnCases(
  deps: Deps<'reports' | 'documents' | 'clock' | 'settings'>,
  query: { year: string; facility?: string },
): Promise<ReturnCases> {
  const year = reportYear(query.year, deps.settings.timeZone);
  const now = deps.clock.now().toISOString();
  if (year.from > now) {
    throw new RuleViolationError('That year has not started.', [
      { field: 'year', message: `The year ${year.label} starts on ${year.firstDay}.` },
    ]);
  }
  const [received, closedSince, open, lists] = await Promise.all([
    deps.reports.caseFactsReceived(year.from, year.to),
    deps.reports.caseFactsClosed(year.from, now),
    deps.reports.openCaseFacts(),
    readCodeLists(deps),
  ]);
  const counted = (facts: CaseFacts) => countedByTheReturn(facts, query.facility);
  const byReference = (a: CaseFacts, b: CaseFacts) => a.receivedAt.localeCompare(b.receivedAt);
  // Open at an instant: received before it, and open now or closed after it.
  const openAt = (instant: string) =>
    [...open, ...closedSince.filter((facts) => (facts.closedAt ?? '') > instant)]
      .filter((facts) => counted(facts) && facts.receivedAt < instant)
      .sort(byReference);
  return {
    year,
    lists,
    broughtForward: openAt(year.from),
    received: received.filter(counted).sort(byReference),
    closedInYear: closedSince
      .filter((facts) => counted(facts) && (facts.closedAt ?? '') <= year.to)
      .sort(byReference),
    carriedForward: openAt(year.to),
  };
}

export async function ko41aReturn(
  deps: Deps<'reports' | 'documents' | 'clock' | 'settings'>,
  actor: Actor,
  query: { year: string; facility?: string },
): Promise<Ko41aReturn> {
  requireRole(actor, ['coordinator', 'manager'], 'make the KO41a return');
  const cases = await returnCases(deps, query);
  const { year, lists, received } = cases;
  assertCodedAndMapped(received, lists);
  const outcome = (name: string) => cases.closedInYear.filter((facts) => facts.outcome === name).length;
  const resolved = cases.closedInYear.filter((facts) =>
    (CLOSURE_OUTCOMES as readonly string[]).includes(facts.outcome ?? ''),
  ).length;
  const summary = {
    broughtForward: cases.broughtForward.length,
    received: received.length,
    upheld: outcome('upheld'),
    partlyUpheld: outcome('partly-upheld'),
    notUpheld: outcome('not-upheld'),
    resolved,
    closedOtherwise: cases.closedInYear.length - resolved,
    carriedForward: cases.carriedForward.length,
  };
  const lines = (returnList: Code[], codesOf: (facts: CaseFacts) => (string | undefined)[]): ReturnLine[] => {
    const counts = new Map<string, number>();
    for (const facts of received) {
      for (const code of new Set(codesOf(facts))) if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    return returnList
      .filter((entry) => entry.active || counts.has(entry.code))
      .map((entry) => ({ code: entry.code, name: entry.name, count: counts.get(entry.code) ?? 0 }));
  };
  const mapped = (list: MappedList, codes: (string | undefined)[] | undefined) =>
    (codes ?? []).map((code) => (code ? returnCodeOf(lists, list, code) : undefined));
  const result = {
    year: year.label,
    firstDay: year.firstDay,
    lastDay: year.lastDay,
    organisation: deps.settings.organizationName,
    ...(query.facility ? { facility: query.facility } : {}),
    listsVersion: lists.version,
    listsSource: lists.source,
    summary,
    byAgeBand: lines(lists.ko41a.ageBands, (facts) => mapped('ageBands', [facts.coding?.ageBand])),
    byStatus: lines(lists.ko41a.statuses, (facts) => [facts.coding?.complainantStatus]),
    byServiceArea: lines(lists.ko41a.serviceAreas, (facts) =>
      mapped('serviceAreas', [facts.coding?.serviceArea]),
    ),
    bySubject: lines(lists.ko41a.subjects, (facts) => mapped('subjects', facts.coding?.subjects)),
    byProfession: lines(lists.ko41a.professions, (facts) => mapped('professions', facts.coding?.professions)),
  };
  const total = (each: ReturnLine[]) => each.reduce((sum, line) => sum + line.count, 0);
  return {
    ...result,
    checks: [
      {
        rule: 'Carried forward = brought forward + new - resolved - closed otherwise',
        passed:
          summary.carriedForward ===
          summary.broughtForward + summary.received - summary.resolved - summary.closedOtherwise,
      },
      { rule: 'Age bands total the new complaints', passed: total(result.byAgeBand) === summary.received },
      {
        rule: 'Complainant status totals the new complaints',
        passed: total(result.byStatus) === summary.received,
      },
      {
        rule: 'Service areas total the new complaints',
        passed: total(result.byServiceArea) === summary.received,
      },
      {
        rule: 'Subject areas total at least the new complaints',
        passed: total(result.bySubject) >= summary.received,
      },
      {
        rule: 'Staff groups total at least the new complaints',
        passed: total(result.byProfession) >= summary.received,
      },
    ],
  };
}

/**
 * Every new complaint coded, and every code mapped to one of the return's: otherwise 422 naming the cases (by
 * reference) and what is missing, so that nothing is silently counted as "other".
 */
function assertCodedAndMapped(received: CaseFacts[], lists: CodeLists): void {
  const problems: { field: string; message: string }[] = [];
  for (const facts of received) {
    const coding = facts.coding;
    const say = (what: string, message: string) =>
      problems.push({ field: `${facts.reference}.${what}`, message });
    if (
      !coding?.subjects?.length ||
      !coding.serviceArea ||
      !coding.professions?.length ||
      !coding.complainantStatus
    ) {
      say(
        'coding',
        'Not fully coded yet: give its subject areas, service area, staff groups and complainant status.',
      );
      continue;
    }
    const unmapped = (list: MappedList, label: string, codes: string[]) => {
      for (const code of codes) {
        if (!returnCodeOf(lists, list, code)) {
          say(
            list,
            `The ${label} "${code}" maps to no code of the return: set its return code in the code lists.`,
          );
        }
      }
    };
    unmapped('subjects', 'subject area', coding.subjects);
    unmapped('serviceAreas', 'service area', [coding.serviceArea]);
    unmapped('professions', 'staff group', coding.professions);
    if (!coding.ageBand) say('ageBand', "The patient's age falls in no age band of the code lists.");
    else unmapped('ageBands', 'age band', [coding.ageBand]);
    if (!lists.ko41a.statuses.some((status) => status.code === coding.complainantStatus)) {
      say('complainantStatus', `The status "${coding.complainantStatus}" is not one the return counts.`);
    }
  }
  if (problems.length > 0) {
    const cases = new Set(problems.map((problem) => problem.field.split('.')[0])).size;
    throw new RuleViolationError(
      `The return cannot be made yet: ${cases} case${cases === 1 ? '' : 's'} need coding or a code needs mapping.`,
      problems.slice(0, NAMED_CASES),
    );
  }
}

/** The return as one table for CSV: section, code, name, count, in the return's order. */
export function ko41aTable(report: Ko41aReturn): Table {
  const summaryNames: Record<keyof Ko41aReturn['summary'], string> = {
    broughtForward: 'Brought forward',
    received: 'New complaints',
    upheld: 'Resolved: upheld',
    partlyUpheld: 'Resolved: partially upheld',
    notUpheld: 'Resolved: not upheld',
    resolved: 'Resolved: total',
    closedOtherwise: 'Closed otherwise (withdrawn)',
    carriedForward: 'Carried forward',
  };
  const section = (name: string, lines: ReturnLine[]) => lines.map((line) => ({ section: name, ...line }));
  return {
    title: `KO41a ${report.year}`,
    columns: [
      { key: 'section', header: 'Section' },
      { key: 'code', header: 'Code' },
      { key: 'name', header: 'Item' },
      { key: 'count', header: 'Count' },
    ],
    rows: [
      ...Object.entries(summaryNames).map(([code, name]) => ({
        section: 'Summary',
        code,
        name,
        count: report.summary[code as keyof Ko41aReturn['summary']],
      })),
      ...section('Age of patient', report.byAgeBand),
      ...section('Status of complainant', report.byStatus),
      ...section('Service area', report.byServiceArea),
      ...section('Subject area', report.bySubject),
      ...section('Profession or staff group', report.byProfession),
    ],
  };
}
