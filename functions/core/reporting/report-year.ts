/**
 * The reporting year of the NHS returns: 1 April to 31 March (SI 2009/309 reg 18: "for each year to 31 March";
 * the KO41a collection is annual since 2022-23), in the hospital's time zone. `2025` and `2025-26` both name the
 * year from 1 April 2025.
 */
import { DateTime } from 'luxon';
import { RuleViolationError } from '../errors';

export interface ReportYear {
  /** As published: 2025-26. */
  label: string;
  /** YYYY-MM-DD, the hospital's dates. */
  firstDay: string;
  lastDay: string;
  /** The same as instants (UTC ISO), for the read model. */
  from: string;
  to: string;
}

const YEAR = /^(\d{4})(?:-(\d{2}))?$/;

export function reportYear(year: string, timeZone: string): ReportYear {
  const match = YEAR.exec(year);
  const first = Number(match?.[1]);
  if (!match || first < 2000 || first > 2100 || (match[2] && Number(match[2]) !== (first + 1) % 100)) {
    throw new RuleViolationError('Give the year as 2025 or 2025-26 (1 April to 31 March).', [
      { field: 'year', message: 'Use the form 2025 or 2025-26.' },
    ]);
  }
  const start = DateTime.fromObject({ year: first, month: 4, day: 1 }, { zone: timeZone });
  const end = start.plus({ years: 1 }).minus({ milliseconds: 1 });
  return {
    label: `${first}-${String((first + 1) % 100).padStart(2, '0')}`,
    firstDay: start.toISODate() as string,
    lastDay: end.toISODate() as string,
    from: start.toUTC().toISO() as string,
    to: end.toUTC().toISO() as string,
  };
}
