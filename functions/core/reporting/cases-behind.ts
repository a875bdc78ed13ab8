/**
 * The cases behind a number in a report (issue 15 §6: "every number links to the cases behind it"), for those who
 * may read reports, who see every case (coordinators and managers). A number is named by its report, the report's
 * period and an item (`subject:communications`, `summary:received`, `exception:late-without-interim` ...). The
 * cases come from the same read model the report counts from, sorted by the same rules, so the list has as many
 * cases as the number says. The committee pack counts events in the month as they happen (dashboard counters);
 * its drill-down lists the cases received in the month (or closed in it, for outcomes), which can differ from the
 * counter when a case was triaged in a later month than it arrived.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import { CLOSURE_OUTCOMES } from '../case/case';
import { returnCodeOf } from '../coding/code-lists';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import { isoDate } from '../validation';
import type { CaseFacts } from './case-facts';
import { GRIEVANCE_EXCEPTIONS, logRow } from './grievance-log';
import { returnCases } from './ko41a-return';

const item = z
  .string({ error: 'Name the number: item=<what>[:<code>].' })
  .regex(/^[a-z-]+(?::[^\s]{1,200})?$/, 'Name the number as <what> or <what>:<code>.');
const year = z.string().regex(/^\d{4}(-\d{2})?$/, 'Use the form 2025 or 2025-26.');

export const ReportCasesQuery = z.discriminatedUnion(
  'report',
  [
    z.strictObject({ report: z.literal('ko41a'), year, facility: z.string().max(200).optional(), item }),
    z.strictObject({ report: z.literal('annual'), year, item }),
    z.strictObject({
      report: z.literal('committee-pack'),
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the form YYYY-MM.'),
      item,
    }),
    z.strictObject({ report: z.literal('grievance-log'), from: isoDate, to: isoDate, item }),
  ],
  { error: 'Choose the report: ko41a, annual, committee-pack or grievance-log.' },
);
export type ReportCasesQuery = z.output<typeof ReportCasesQuery>;

export interface CaseBehind {
  caseId: string;
  reference: string;
  receivedAt: string;
  type: string;
  outcome?: string;
  closedAt?: string;
}

type ReportDeps = Deps<'reports' | 'documents' | 'clock' | 'settings'>;

export async function casesBehind(
  deps: ReportDeps,
  actor: Actor,
  query: ReportCasesQuery,
): Promise<{ cases: CaseBehind[]; count: number }> {
  requireRole(actor, ['coordinator', 'manager'], 'read reports');
  const [what, code] = splitItem(query.item);
  const facts = await factsBehind(deps, query, what, code);
  const cases = [...facts]
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map(({ caseId, reference, receivedAt, type, outcome, closedAt }) => ({
      caseId,
      reference,
      receivedAt,
      type,
      ...(outcome ? { outcome } : {}),
      ...(closedAt ? { closedAt } : {}),
    }));
  return { cases, count: cases.length };
}

function splitItem(value: string): [string, string | undefined] {
  const colon = value.indexOf(':');
  return colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}

function unknownItem(item: string): never {
  throw new RuleViolationError('This report has no such number.', [
    { field: 'item', message: `"${item}" is not a number of this report.` },
  ]);
}

async function factsBehind(
  deps: ReportDeps,
  query: ReportCasesQuery,
  what: string,
  code?: string,
): Promise<CaseFacts[]> {
  switch (query.report) {
    case 'ko41a':
    case 'annual': {
      const cases = await returnCases(deps, query);
      const { lists, received, closedInYear } = cases;
      const mapsTo = (list: Parameters<typeof returnCodeOf>[1], codes: (string | undefined)[] | undefined) =>
        (codes ?? []).some((each) => each && returnCodeOf(lists, list, each) === code);
      const decided: readonly string[] = CLOSURE_OUTCOMES;
      const byItem: Record<string, () => CaseFacts[]> = {
        'summary:broughtForward': () => cases.broughtForward,
        'summary:received': () => received,
        'summary:carriedForward': () => cases.carriedForward,
        'summary:resolved': () => closedInYear.filter((facts) => decided.includes(facts.outcome ?? '')),
        'summary:upheld': () => closedInYear.filter((facts) => facts.outcome === 'upheld'),
        'summary:partlyUpheld': () => closedInYear.filter((facts) => facts.outcome === 'partly-upheld'),
        'summary:notUpheld': () => closedInYear.filter((facts) => facts.outcome === 'not-upheld'),
        'summary:closedOtherwise': () =>
          closedInYear.filter((facts) => !decided.includes(facts.outcome ?? '')),
        'summary:wellFounded': () =>
          closedInYear.filter((facts) => facts.outcome === 'upheld' || facts.outcome === 'partly-upheld'),
        'summary:decided': () => closedInYear.filter((facts) => decided.includes(facts.outcome ?? '')),
        ageBand: () => received.filter((facts) => mapsTo('ageBands', [facts.coding?.ageBand])),
        status: () => received.filter((facts) => facts.coding?.complainantStatus === code),
        serviceArea: () => received.filter((facts) => mapsTo('serviceAreas', [facts.coding?.serviceArea])),
        subject: () =>
          query.report === 'ko41a'
            ? received.filter((facts) => mapsTo('subjects', facts.coding?.subjects))
            : received.filter((facts) => facts.coding?.subjects?.includes(code ?? '')),
        profession: () => received.filter((facts) => mapsTo('professions', facts.coding?.professions)),
        hcat: () => received.filter((facts) => (facts.coding?.hcat?.severities[code ?? ''] ?? 0) > 0),
        'hcat-high': () => received.filter((facts) => (facts.coding?.hcat?.severities[code ?? ''] ?? 0) >= 3),
        'serious-harm': () => received.filter((facts) => (facts.coding?.hcat?.harm ?? 0) >= 3),
        'root-cause': () => closedInYear.filter((facts) => facts.rootCause === code),
      };
      const pick = byItem[code && what === 'summary' ? `summary:${code}` : what];
      return pick ? pick() : unknownItem(query.item);
    }
    case 'committee-pack': {
      const zone = deps.settings.timeZone;
      const start = DateTime.fromISO(`${query.month}-01`, { zone });
      const [from, to] = [start.toUTC().toISO() as string, start.endOf('month').toUTC().toISO() as string];
      if (what === 'outcome') {
        return (await deps.reports.caseFactsClosed(from, to)).filter((facts) => facts.outcome === code);
      }
      const received = await deps.reports.caseFactsReceived(from, to);
      const field = { channel: 'channel', type: 'type', category: 'category', department: 'department' }[
        what
      ];
      if (what === 'received') return received;
      if (!field) return unknownItem(query.item);
      return received.filter((facts) => facts[field as keyof CaseFacts] === code);
    }
    case 'grievance-log': {
      const zone = deps.settings.timeZone;
      const from = DateTime.fromISO(query.from, { zone }).startOf('day').toUTC().toISO() as string;
      const to = DateTime.fromISO(query.to, { zone }).endOf('day').toUTC().toISO() as string;
      const grievances = (await deps.reports.caseFactsReceived(from, to)).filter(
        (facts) => facts.type === 'grievance',
      );
      if (what === 'all') return grievances;
      if (what !== 'exception' || !GRIEVANCE_EXCEPTIONS.includes(code as never))
        return unknownItem(query.item);
      const now = deps.clock.now();
      return grievances.filter((facts) => logRow(facts, now, zone).exceptions.includes(code as never));
    }
  }
}
