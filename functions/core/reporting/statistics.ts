/**
 * Counters for the manager dashboard, kept as the events happen, so the dashboard reads a handful of items
 * instead of scanning cases. Months and ISO weeks are in the organization's time zone.
 *
 * Two rules keep them from ever harming the work they count: they are added after the business write commits,
 * and a failure to add them is reported, never thrown (change-case.ts), so a counter cannot fail an intake or a
 * closure; and no counter name comes from what a person typed. Fixed counters are named from the code's own
 * vocabularies (channels, kinds, outcomes, measures); counts by category and department, which staff type at
 * triage, are kept as separate breakdown entries whose key is a hash of the label and whose label is a value.
 */
import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';

/** What a counter may be called: a vocabulary word, and a value from a code list (checked by every store). */
export const COUNTER_NAME = /^[a-z]+(?::[a-z-]+)?$/i;

export interface CounterUpdate {
  /** `month:2026-11` or `week:2026-W47`. */
  period: string;
  /** Names from the code's vocabularies only (see above). */
  increments: Record<string, number>;
}

/** `thanked`: the staff, wards and teams a compliment's thanks were passed on to (steps/pass-on.ts). */
export const BREAKDOWN_DIMENSIONS = ['category', 'department', 'facility', 'thanked'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** One more case under a label that staff chose (a category or department at triage). */
export interface BreakdownUpdate {
  period: string;
  dimension: BreakdownDimension;
  label: string;
}

export type Tally = CounterUpdate | BreakdownUpdate;

export const isBreakdown = (tally: Tally): tally is BreakdownUpdate => 'dimension' in tally;

export function monthOf(at: Date, timeZone: string): string {
  return `month:${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM')}`;
}

export function weekOf(at: Date, timeZone: string): string {
  return `week:${DateTime.fromJSDate(at, { zone: timeZone }).toFormat("kkkk-'W'WW")}`;
}

function onTime(at: Date, dueAt?: string): boolean {
  return !dueAt || at.getTime() <= Date.parse(dueAt);
}

/** A case received: volume, by channel and kind (never by what the form says: that is the complainant's text). */
export function receivedCounters(record: CaseRecord, at: Date, timeZone: string): CounterUpdate[] {
  return [
    {
      period: monthOf(at, timeZone),
      increments: {
        received: 1,
        [`channel:${record.channel}`]: 1,
        [`kind:${record.classification.kind}`]: 1,
      },
    },
  ];
}

/** A case triaged: counted by the category and department staff decided, in the month of triage. */
export function triagedBreakdowns(
  triage: { type: string; category: string; department?: string; facility?: string },
  at: Date,
  timeZone: string,
): Tally[] {
  const period = monthOf(at, timeZone);
  return [
    // The type is the code's own vocabulary (CASE_TYPES), so it is a plain counter.
    { period, increments: { [`type:${triage.type}`]: 1 } },
    { period, dimension: 'category', label: triage.category },
    { period, dimension: 'department', label: triage.department ?? 'Not given' },
    { period, dimension: 'facility', label: triage.facility ?? 'Not given' },
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

/** Cases per label of one dimension in one period. */
export type Breakdown = Record<string, number>;

export interface Dashboard {
  openByStage: Record<string, number>;
  breachesThisWeek: number;
  months: {
    month: string;
    received: number;
    compliance: Record<'acknowledge' | 'respond' | 'resolve', number | null>;
    /** Survey answers received that month and their mean score (1 to 5, one decimal), null with none. */
    survey: { responses: number; averageScore: number | null };
  }[];
  /** Triaged this month, by the category, department and facility staff decided (not what the form guessed). */
  byCategory: Breakdown;
  byDepartment: Breakdown;
  byFacility: Breakdown;
  /** Triaged this month by the type staff decided (a grievance, a compliment, lost property ...). */
  byType: Breakdown;
  /** Compliments passed on this month, by who was thanked. */
  thanked: Breakdown;
}

/** Percentages from the counters; null where nothing was measured that month. */
export function dashboardFrom(
  months: PeriodStats[],
  week: PeriodStats | undefined,
  openByStage: Record<string, number>,
  breakdowns: Record<BreakdownDimension, Breakdown>,
): Dashboard {
  const percent = (counters: Record<string, number>, measure: string) => {
    const total = counters[`${measure}:total`] ?? 0;
    return total === 0 ? null : Math.round((100 * (counters[`${measure}:onTime`] ?? 0)) / total);
  };
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
      survey: {
        responses: counters['survey:responses'] ?? 0,
        averageScore: counters['survey:responses']
          ? Math.round((10 * (counters['survey:scoreTotal'] ?? 0)) / counters['survey:responses']) / 10
          : null,
      },
    })),
    byCategory: breakdowns.category,
    byDepartment: breakdowns.department,
    byFacility: breakdowns.facility,
    byType: Object.fromEntries(
      Object.entries(months.at(-1)?.counters ?? {})
        .filter(([name]) => name.startsWith('type:'))
        .map(([name, count]) => [name.slice('type:'.length), count]),
    ),
    thanked: breakdowns.thanked,
  };
}
