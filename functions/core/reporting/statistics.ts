/**
 * Counters for the manager dashboard, kept as the events happen (in the same transaction), so the dashboard
 * reads a handful of items instead of scanning cases. Months and ISO weeks are in the organization's time zone.
 */
import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';

export interface CounterUpdate {
  /** `month:2026-11` or `week:2026-W47`. */
  period: string;
  increments: Record<string, number>;
}

export function monthOf(at: Date, timeZone: string): string {
  return `month:${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM')}`;
}

export function weekOf(at: Date, timeZone: string): string {
  return `week:${DateTime.fromJSDate(at, { zone: timeZone }).toFormat("kkkk-'W'WW")}`;
}

function onTime(at: Date, dueAt?: string): boolean {
  return !dueAt || at.getTime() <= Date.parse(dueAt);
}

/** A case received: volume, by category and department. */
export function receivedCounters(record: CaseRecord, at: Date, timeZone: string): CounterUpdate[] {
  return [
    {
      period: monthOf(at, timeZone),
      increments: {
        received: 1,
        [`channel:${record.channel}`]: 1,
        [`kind:${record.classification.kind}`]: 1,
        [`category:${record.complaint.category ?? 'Uncategorised'}`]: 1,
        [`department:${record.complaint.department ?? 'Not given'}`]: 1,
      },
    },
  ];
}

/** A clock measured: on time or late against its deadline, counted in the month it was met. */
export function slaCounters(
  measure: 'acknowledge' | 'respond' | 'resolve',
  record: CaseRecord,
  at: Date,
  timeZone: string,
): CounterUpdate[] {
  const met = onTime(at, record.deadlines[measure]?.dueAt);
  return [
    {
      period: monthOf(at, timeZone),
      increments: { [`${measure}:total`]: 1, [`${measure}:onTime`]: met ? 1 : 0 },
    },
  ];
}

export function breachCounters(at: Date, timeZone: string): CounterUpdate[] {
  return [
    { period: weekOf(at, timeZone), increments: { breaches: 1 } },
    { period: monthOf(at, timeZone), increments: { breaches: 1 } },
  ];
}

export interface PeriodStats {
  period: string;
  counters: Record<string, number>;
}

export interface Dashboard {
  openByStage: Record<string, number>;
  breachesThisWeek: number;
  months: {
    month: string;
    received: number;
    compliance: Record<'acknowledge' | 'respond' | 'resolve', number | null>;
  }[];
  byCategory: Record<string, number>;
  byDepartment: Record<string, number>;
}

/** Percentages from the counters; null where nothing was measured that month. */
export function dashboardFrom(
  months: PeriodStats[],
  week: PeriodStats | undefined,
  openByStage: Record<string, number>,
): Dashboard {
  const percent = (counters: Record<string, number>, measure: string) => {
    const total = counters[`${measure}:total`] ?? 0;
    return total === 0 ? null : Math.round((100 * (counters[`${measure}:onTime`] ?? 0)) / total);
  };
  const current = months.at(-1)?.counters ?? {};
  const prefixed = (prefix: string) =>
    Object.fromEntries(
      Object.entries(current)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
  return {
    openByStage,
    breachesThisWeek: week?.counters.breaches ?? 0,
    months: months.map(({ period, counters }) => ({
      month: period.replace(/^month:/, ''),
      received: counters.received ?? 0,
      compliance: {
        acknowledge: percent(counters, 'acknowledge'),
        respond: percent(counters, 'respond'),
        resolve: percent(counters, 'resolve'),
      },
    })),
    byCategory: prefixed('category:'),
    byDepartment: prefixed('department:'),
  };
}
