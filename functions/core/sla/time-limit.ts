/**
 * The time limit for making a complaint (issue 14 §5): NHS England 12 months from the event or from knowing of it
 * (SI 2009/309 reg 12, with discretion), Medicare Advantage 60 days (42 CFR 422.564(d)(1)); US hospitals under the
 * CMS Conditions of Participation have none. Checked against the incident date the complainant gave and shown to
 * the coordinator at triage: never used to refuse a complaint silently.
 */
import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';
import { policyOf, timeZoneOf } from './case-clock';

export type TimeLimitCheck =
  | { state: 'none' }
  | { state: 'unknown'; source: string }
  | { state: 'within' | 'late'; limitEnds: string; source: string; discretion: boolean };

export function checkTimeLimit(
  record: Pick<CaseRecord, 'slaPolicy' | 'timeZone' | 'receivedAt' | 'complaint'>,
  settings: { timeZone: string },
): TimeLimitCheck {
  const limit = policyOf(record as CaseRecord).timeLimit;
  if (!limit) return { state: 'none' };
  const incident = record.complaint.incidentDate;
  if (!incident) return { state: 'unknown', source: limit.source };
  const zone = timeZoneOf(record, settings);
  const unit = {
    calendarDays: 'days',
    workingDays: 'days',
    hours: 'hours',
    calendarMonths: 'months',
  } as const;
  // The last day on which the complaint is in time, in the case's time zone.
  const limitEnds = DateTime.fromISO(incident, { zone })
    .plus({ [unit[limit.unit]]: limit.amount })
    .toISODate() as string;
  const received = DateTime.fromISO(record.receivedAt, { zone }).toISODate() as string;
  return {
    state: received > limitEnds ? 'late' : 'within',
    limitEnds,
    source: limit.source,
    discretion: limit.discretion,
  };
}
