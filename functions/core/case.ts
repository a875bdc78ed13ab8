/**
 * The case: one complaint or grievance, from intake to closure. Pure data; storage lives behind CaseRepository.
 */
import type { Classification, IntakeChannel } from './classification';
import type { ComplaintInput } from './complaint';
import type { Deadline, SlaPolicyId } from './sla-policies';

export type CaseStage = 'intake' | 'triage' | 'investigation' | 'response' | 'closed';
export type WorkflowStep = 'triage';

export interface CaseRecord {
  caseId: string;
  reference: string;
  receivedAt: string;
  channel: IntakeChannel;
  stage: CaseStage;
  complaint: ComplaintInput;
  classification: Classification;
  slaPolicy: SlaPolicyId;
  deadlines: Partial<Record<'acknowledge' | 'triage' | 'respond' | 'resolve', Deadline>>;
  workflow: {
    executionName: string;
    executionArn?: string;
    startedAt?: string;
  };
  acknowledgement?: { sentAt: string; messageId: string };
  currentTask?: { taskId: string; step: WorkflowStep; openedAt: string; dueAt?: string };
  /** Optimistic-locking counter: every update is conditional on the version it read. */
  version: number;
}

/** An entry of the audit trail. Describes what happened without repeating PHI. */
export interface AuditEvent {
  caseId: string;
  at: string;
  eventId: string;
  type:
    | 'case.received'
    | 'workflow.started'
    | 'acknowledgement.sent'
    | 'task.opened'
    | 'case.classified'
    | 'deadlines.set';
  actor: string;
  detail?: Record<string, string | number | boolean>;
}

export interface CorrespondenceItem {
  caseId: string;
  correspondenceId: string;
  direction: 'in' | 'out';
  channel: 'email' | 'letter' | 'phone' | 'walk-in' | 'web';
  at: string;
  subject: string;
  from: string;
  to: string;
  body: string;
  messageId?: string;
  automatic: boolean;
  kind: 'complaint' | 'acknowledgement' | 'message';
}

export interface HumanTask {
  taskId: string;
  caseId: string;
  step: WorkflowStep;
  status: 'open' | 'completed' | 'timed-out';
  openedAt: string;
  dueAt?: string;
  /** Step Functions task token. Stored encrypted at rest; never returned by the API. */
  taskToken: string;
}

/** Execution names are derived from the caseId, which makes StartExecution idempotent per case. */
export function executionNameFor(caseId: string, run = 0): string {
  return run === 0 ? `case-${caseId}` : `case-${caseId}-reopen-${run}`;
}
