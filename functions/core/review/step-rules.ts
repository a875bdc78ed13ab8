/**
 * The human steps of the review (each a `Wait for <step>` state in workflows/case-review.asl.json): what the
 * console calls them, whose queue they wait in, and who may complete them.
 */
import type { Role } from '../access/roles';
import type { TaskQueue, WorkflowStep } from '../case/case';

export interface StepRule {
  label: string;
  queue: TaskQueue;
  /** Roles that may complete the step for anyone. */
  roles: readonly Role[];
  /** Whether the representative assigned to the case may complete it. */
  assignee: boolean;
}

export const STEP_RULES: Record<WorkflowStep, StepRule> = {
  triage: { label: 'Triage', queue: 'coordinator', roles: ['coordinator', 'manager'], assignee: false },
  investigation: {
    label: 'Investigation',
    queue: 'representative',
    roles: ['coordinator', 'manager'],
    assignee: true,
  },
  'awaiting-complainant': {
    label: 'Waiting for the complainant',
    queue: 'representative',
    roles: ['coordinator', 'manager'],
    assignee: true,
  },
  response: {
    label: 'Written response',
    queue: 'representative',
    roles: ['coordinator', 'manager'],
    assignee: true,
  },
  // Segregation of duties: whoever drafted the response cannot approve it (steps/approval.ts).
  approval: { label: 'Approval', queue: 'coordinator', roles: ['coordinator', 'manager'], assignee: false },
  closure: { label: 'Closure', queue: 'coordinator', roles: ['coordinator', 'manager'], assignee: false },
  // The other tracks (tracks.ts): worked by the representative triage assigned, or any coordinator.
  concern: trackStep('Resolve the concern'),
  request: trackStep('Answer the information request'),
  appointment: trackStep('Sort out the appointment'),
  billing: trackStep('Billing or insurance question'),
  'property-search': trackStep('Look for the lost property'),
  'property-held': trackStep('Return the found property'),
  'pass-on': trackStep('Pass it on'),
};

function trackStep(label: string): StepRule {
  return { label, queue: 'representative', roles: ['coordinator', 'manager'], assignee: true };
}
