/** What completing a human step does to the case: the changed record, the outcome for the workflow, audit, counters. */
import type { Actor } from '../../access/roles';
import type { CaseRecord, StepOutcome } from '../../case/case';
import type { AuditDraft } from '../../case/change-case';
import type { Tally } from '../../reporting/statistics';

export interface StepResult {
  record: CaseRecord;
  outcome: StepOutcome;
  audit: AuditDraft[];
  counters?: Tally[];
}

/** Who decided, and when: every step's decision is applied to a fresh copy of the case read for the save. */
export interface DecisionContext {
  actor: Actor;
  now: Date;
}
