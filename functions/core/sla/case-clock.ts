/**
 * A case's SLA policy and its business clock: the policy's calendar, in the time zone the case records (its
 * facility's, hospital/hospital-lists.ts), or the organization's for a case that records none.
 */
import type { CaseRecord } from '../case/case';
import type { AuditDraft } from '../case/change-case';
import { type CaseDeadlines, computeDeadlines, SLA_POLICIES, SlaClock, type SlaPolicy } from './sla-policies';

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

/**
 * The deadlines a case is born with (intake sets them), counted from the moment it was received under its SLA
 * policy. The time scale is kept on the case so every later clock of it runs at the same speed.
 */
export function firstDeadlines(
  record: Pick<CaseRecord, 'slaPolicy' | 'receivedAt' | 'timeZone'>,
  settings: { timeZone: string; timeScale: number },
): { deadlines: CaseDeadlines; timeScale: number } {
  const deadlines = computeDeadlines(
    SLA_POLICIES[record.slaPolicy],
    new Date(record.receivedAt),
    timeZoneOf(record, settings),
    { timeScale: settings.timeScale },
  );
  return { deadlines, timeScale: settings.timeScale };
}

/** The audit event that records a case's first deadlines. */
export function deadlinesSet(record: Pick<CaseRecord, 'slaPolicy'>, deadlines: CaseDeadlines): AuditDraft {
  return {
    type: 'deadlines.set',
    actor: 'system',
    detail: { policy: record.slaPolicy, respondBy: deadlines.respond.dueAt },
  };
}
