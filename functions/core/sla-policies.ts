/**
 * SLA policies as data. Each number cites the rule it comes from (shared notes "regulations.md"); a hospital
 * changes them here (or, later, per facility) without touching the workflow.
 */
import { DateTime } from 'luxon';

export type DurationUnit = 'hours' | 'calendarDays' | 'calendarMonths';

export interface SlaDuration {
  amount: number;
  unit: DurationUnit;
  /** The rule or guidance the number comes from. */
  source: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  acknowledge: SlaDuration;
  /** Written response to a grievance. */
  respond: SlaDuration;
  /** Resolution of the case as a whole. */
  resolve: SlaDuration;
  /** Triage by a coordinator, an internal target. */
  triage: SlaDuration;
}

export const SLA_POLICIES = {
  'us-cms-hospital': {
    id: 'us-cms-hospital',
    name: 'US hospital (CMS Conditions of Participation)',
    acknowledge: {
      amount: 0,
      unit: 'hours',
      source: '42 CFR 482.13(a)(2): acknowledge at once (hospital policy)',
    },
    respond: {
      amount: 7,
      unit: 'calendarDays',
      source: 'CMS SOM Appendix A, tag A-0123: about 7 days for the written response',
    },
    resolve: { amount: 30, unit: 'calendarDays', source: 'Hospital policy default (configurable)' },
    triage: { amount: 24, unit: 'hours', source: 'Hospital policy: triage within one day' },
  },
  'us-medicare-advantage': {
    id: 'us-medicare-advantage',
    name: 'US Medicare Advantage plan',
    acknowledge: { amount: 0, unit: 'hours', source: 'Plan policy: acknowledge at once' },
    respond: { amount: 30, unit: 'calendarDays', source: '42 CFR 422.564(e): decide within 30 days' },
    resolve: { amount: 30, unit: 'calendarDays', source: '42 CFR 422.564(e): decide within 30 days' },
    triage: { amount: 24, unit: 'hours', source: 'Plan policy: triage within one day' },
  },
  'uk-nhs': {
    id: 'uk-nhs',
    name: 'NHS England (Complaints Regulations 2009)',
    acknowledge: {
      amount: 3,
      unit: 'calendarDays',
      source: 'SI 2009/309 reg 13: acknowledge within 3 working days (working-day calendar to follow)',
    },
    respond: {
      amount: 6,
      unit: 'calendarMonths',
      source: 'SI 2009/309 reg 14: explain any delay at 6 months',
    },
    resolve: { amount: 6, unit: 'calendarMonths', source: 'SI 2009/309 reg 14' },
    triage: { amount: 24, unit: 'hours', source: 'Trust policy: triage within one day' },
  },
} as const satisfies Record<string, SlaPolicy>;

export type SlaPolicyId = keyof typeof SLA_POLICIES;

export interface Deadline {
  dueAt: string;
  source: string;
}

/**
 * Adds an SLA duration to an instant, in the organization's time zone, so "7 calendar days" ends at the same
 * wall-clock time across a daylight-saving change and "1 month" from 31 January is the last day of February.
 * `timeScale` > 1 shrinks the elapsed time for local demonstrations (SLA_TIME_SCALE).
 */
export function addSlaDuration(from: Date, duration: SlaDuration, timeZone: string, timeScale = 1): Date {
  const start = DateTime.fromJSDate(from, { zone: timeZone });
  const end =
    duration.unit === 'hours'
      ? start.plus({ hours: duration.amount })
      : duration.unit === 'calendarDays'
        ? start.plus({ days: duration.amount })
        : start.plus({ months: duration.amount });
  const elapsedMs = end.toMillis() - start.toMillis();
  return new Date(from.getTime() + elapsedMs / timeScale);
}

export function computeDeadlines(
  policy: SlaPolicy,
  receivedAt: Date,
  timeZone: string,
  timeScale = 1,
): Record<'acknowledge' | 'triage' | 'respond' | 'resolve', Deadline> {
  const deadline = (duration: SlaDuration): Deadline => ({
    dueAt: addSlaDuration(receivedAt, duration, timeZone, timeScale).toISOString(),
    source: duration.source,
  });
  return {
    acknowledge: deadline(policy.acknowledge),
    triage: deadline(policy.triage),
    respond: deadline(policy.respond),
    resolve: deadline(policy.resolve),
  };
}
