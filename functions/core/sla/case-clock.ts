/**
 * A case's SLA policy and its business clock: the policy's calendar, in the time zone the case records (its
 * facility's, hospital/hospital-lists.ts), or the organization's for a case that records none.
 */
import type { CaseRecord } from '../case/case';
import { SLA_POLICIES, SlaClock, type SlaPolicy } from './sla-policies';

export function policyOf(record: CaseRecord): SlaPolicy {
  return SLA_POLICIES[record.slaPolicy];
}

/** Where the case's deadlines are counted and told. */
export function timeZoneOf(record: Pick<CaseRecord, 'timeZone'>, settings: { timeZone: string }): string {
  return record.timeZone ?? settings.timeZone;
}

export function clockOf(record: CaseRecord, settings: { timeZone: string }): SlaClock {
  return SlaClock.forPolicy(
    policyOf(record),
    new Date(record.receivedAt),
    timeZoneOf(record, settings),
    record.timeScale ?? 1,
  );
}
