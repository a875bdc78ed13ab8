/** A case's SLA policy and its business clock (the policy's calendar, in the organization's time zone). */
import type { CaseRecord } from '../case/case';
import { SLA_POLICIES, SlaClock, type SlaPolicy } from './sla-policies';

export function policyOf(record: CaseRecord): SlaPolicy {
  return SLA_POLICIES[record.slaPolicy];
}

export function clockOf(record: CaseRecord, timeZone: string): SlaClock {
  return SlaClock.forPolicy(policyOf(record), new Date(record.receivedAt), timeZone, record.timeScale ?? 1);
}
