/**
 * The reports' read model exported for analysis beyond the built-in reports (issue 15 §6): every case's facts (no
 * people, no words: case-facts.ts) as JSON Lines, one file per month received, in a layout Athena (or any engine
 * that reads Hive-style partitions) queries directly:
 *
 *   case-facts/received_month=YYYY-MM/facts.json
 *
 * Run daily; each run writes every month from the first year a case reference was taken to this month, so a file
 * is always the month as it stands (cases closed or coded since are in it). The DDL for the Athena table is in
 * docs/athena.md. Reads months by key query, never a scan.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../dependencies';

export const EXPORT_PREFIX = 'case-facts/';
/** How far back a first case can be: Liaison did not exist before. */
const FIRST_POSSIBLE_YEAR = 2020;

export function exportKey(month: string): string {
  return `${EXPORT_PREFIX}received_month=${month}/facts.json`;
}

export async function exportCaseFacts(
  deps: Deps<'reports' | 'references' | 'exports' | 'clock' | 'settings'>,
): Promise<{ months: number; cases: number }> {
  const now = DateTime.fromJSDate(deps.clock.now(), { zone: 'utc' });
  const years = Array.from(
    { length: now.year - FIRST_POSSIBLE_YEAR + 1 },
    (_, index) => FIRST_POSSIBLE_YEAR + index,
  );
  const first = await deps.references.firstYearInUse(deps.settings.referencePrefix, years);
  if (first === undefined) return { months: 0, cases: 0 };
  // References count the hospital's year; facts are filed by the UTC month: start a month early.
  let month = DateTime.fromObject({ year: first, month: 1 }, { zone: 'utc' }).minus({ months: 1 });
  let written = 0;
  let cases = 0;
  while (month <= now) {
    const facts = await deps.reports.caseFactsReceived(
      month.toISO() as string,
      month.endOf('month').toISO() as string,
    );
    facts.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    const label = month.toFormat('yyyy-MM');
    // A month with no cases is written empty, so a file left from an earlier run cannot keep stale rows.
    await deps.exports.put(
      exportKey(label),
      facts.map((each) => JSON.stringify({ ...each, received_month: label })).join('\n'),
      'application/x-ndjson',
    );
    written += 1;
    cases += facts.length;
    month = month.plus({ months: 1 });
  }
  return { months: written, cases };
}
