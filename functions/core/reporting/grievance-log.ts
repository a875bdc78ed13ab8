/**
 * The grievance log a CMS surveyor asks for (42 CFR 482.13(a)(2), tags A-0118 to A-0123; shared notes
 * "reporting.md"): one row per grievance with its received date and channel, the complaint-or-grievance
 * determination and why, the acknowledgement, any interim letter, the written response's date, the days taken and
 * whether it was on time, whether the letter has the four elements, and a link to it. Exceptions are listed:
 * a grievance closed with no letter, a letter missing an element, more than the response time without an interim
 * letter.
 *
 * The rows are the reports' read model (case-facts.ts), in a partition per month received, so the report reads a
 * few partitions and never scans.
 */
import { DateTime } from 'luxon';
import { type Actor, requireRole } from '../access/roles';
import { CLOSURE_OUTCOMES } from '../case/case';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import { definedOnly } from '../objects';
import type { CaseFacts } from './case-facts';
import type { Table } from './spreadsheet';

const DAY = 86_400_000;

export const GRIEVANCE_EXCEPTIONS = [
  'no-written-response',
  'element-missing',
  'late-without-interim',
] as const;
export type GrievanceException = (typeof GRIEVANCE_EXCEPTIONS)[number];

export interface GrievanceLogRow extends CaseFacts {
  /** Calendar days from receipt to the written response, in the hospital's time zone. */
  daysToResponse?: number;
  onTime?: boolean;
  exceptions: GrievanceException[];
}

export interface GrievanceLog {
  from: string;
  to: string;
  rows: GrievanceLogRow[];
  /** How many rows have each exception. */
  exceptions: Record<GrievanceException, number>;
}

/** A row as the log shows it on `now`: the days taken, on time or not, and its exceptions. */
export function logRow(facts: CaseFacts, now: Date, timeZone: string): GrievanceLogRow {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).startOf('day');
  const daysToResponse = facts.responseAt
    ? Math.round(day(facts.responseAt).diff(day(facts.receivedAt), 'days').days)
    : undefined;
  const due = facts.responseDueAt ? Date.parse(facts.responseDueAt) : undefined;
  const answeredAt = facts.responseAt ? Date.parse(facts.responseAt) : undefined;
  const onTime = due === undefined || answeredAt === undefined ? undefined : answeredAt <= due;
  const exceptions: GrievanceException[] = [];
  const closedAsDecided = (CLOSURE_OUTCOMES as readonly string[]).includes(facts.outcome ?? '');
  if (closedAsDecided && !facts.responseAt) exceptions.push('no-written-response');
  if (facts.elementsPresent === false && facts.responseAt) exceptions.push('element-missing');
  // Past the response time (answered late, still open, or closed late unanswered) with no interim letter by then:
  // the clock sends it at the deadline, so a day's grace covers its own delivery.
  const endedAt = answeredAt ?? (facts.closedAt ? Date.parse(facts.closedAt) : now.getTime());
  const overdue = due !== undefined && endedAt > due;
  const interimInTime =
    due !== undefined &&
    facts.interimLetterAt !== undefined &&
    Date.parse(facts.interimLetterAt) <= due + DAY;
  if (overdue && !interimInTime) exceptions.push('late-without-interim');
  return { ...facts, ...definedOnly({ daysToResponse, onTime }), exceptions };
}

/** The grievances received from `from` to `to` (YYYY-MM-DD, inclusive, the hospital's dates), oldest first. */
export async function grievanceLog(
  deps: Deps<'reports' | 'clock' | 'settings'>,
  actor: Actor,
  range: { from: string; to: string },
): Promise<GrievanceLog> {
  requireRole(actor, ['coordinator', 'manager'], 'read the grievance log');
  const zone = deps.settings.timeZone;
  const start = DateTime.fromISO(range.from, { zone }).startOf('day');
  const end = DateTime.fromISO(range.to, { zone }).endOf('day');
  if (!start.isValid || !end.isValid || end < start || end.diff(start, 'years').years > 5) {
    throw new RuleViolationError('Give a date range of at most five years.', [
      { field: 'to', message: 'The end must be on or after the start, within five years.' },
    ]);
  }
  const facts = await deps.reports.caseFactsReceived(
    start.toUTC().toISO() as string,
    end.toUTC().toISO() as string,
  );
  const now = deps.clock.now();
  const rows = facts
    .filter((each) => each.type === 'grievance')
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((each) => logRow(each, now, zone));
  const exceptions = Object.fromEntries(
    GRIEVANCE_EXCEPTIONS.map((name) => [name, rows.filter((row) => row.exceptions.includes(name)).length]),
  ) as Record<GrievanceException, number>;
  return { from: range.from, to: range.to, rows, exceptions };
}

/** The log as a table for CSV and XLSX: one row per grievance, in the surveyor's order of questions. */
export function grievanceLogTable(log: GrievanceLog): Table {
  return {
    title: `Grievance log ${log.from} to ${log.to}`,
    columns: [
      { key: 'reference', header: 'Reference' },
      { key: 'receivedAt', header: 'Received' },
      { key: 'channel', header: 'Channel' },
      { key: 'type', header: 'Determination' },
      { key: 'determinationReason', header: 'Why' },
      { key: 'category', header: 'Category' },
      { key: 'facility', header: 'Facility' },
      { key: 'department', header: 'Department' },
      { key: 'acknowledgedAt', header: 'Acknowledged' },
      { key: 'interimLetterAt', header: 'Interim letter' },
      { key: 'responseDueAt', header: 'Response due' },
      { key: 'responseAt', header: 'Written response' },
      { key: 'responseChannel', header: 'Response by' },
      { key: 'daysToResponse', header: 'Days taken' },
      { key: 'onTime', header: 'On time' },
      { key: 'elementsPresent', header: 'Four elements present (A-0123)' },
      { key: 'responseLetterId', header: 'Letter' },
      { key: 'outcome', header: 'Outcome' },
      { key: 'closedAt', header: 'Closed' },
      { key: 'exceptions', header: 'Exceptions' },
    ],
    rows: log.rows.map(({ coding: _coding, ...row }) => ({ ...row, exceptions: row.exceptions.join(' ') })),
  };
}
