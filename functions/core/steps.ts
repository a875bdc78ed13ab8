/**
 * The human steps of the review: who may complete each one, and what a completion must say (zod schemas shared
 * by the API, the OpenAPI document and the console). Roles are checked here, on the server, never in a browser.
 */
import * as z from 'zod';
import type { CaseRecord, HumanTask, TaskQueue, WorkflowStep } from './case';
import { CASE_TYPES, CLOSURE_OUTCOMES } from './case';
import { ComplaintInput } from './complaint';
import { ForbiddenError } from './errors';
import { REFERENCE_PATTERN } from './reference';

export const ROLES = ['coordinator', 'representative', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in member of staff, from the verified token (Cognito groups are the roles). */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
}

interface StepRule {
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
  // Segregation of duties: whoever drafted the response cannot approve it (checked in completeTask).
  approval: { label: 'Approval', queue: 'coordinator', roles: ['coordinator', 'manager'], assignee: false },
  closure: { label: 'Closure', queue: 'coordinator', roles: ['coordinator', 'manager'], assignee: false },
};

export function mayComplete(actor: Actor, step: WorkflowStep, record: CaseRecord): boolean {
  const rule = STEP_RULES[step];
  if (actor.roles.some((role) => rule.roles.includes(role))) return true;
  return rule.assignee && actor.roles.includes('representative') && record.assignee?.userId === actor.userId;
}

export function assertMayComplete(actor: Actor, task: HumanTask, record: CaseRecord): void {
  if (!mayComplete(actor, task.step, record)) {
    throw new ForbiddenError(
      `Your role cannot complete the ${STEP_RULES[task.step].label.toLowerCase()} step.`,
    );
  }
}

/** Tasks the actor sees in "My tasks". */
export function visibleTo(actor: Actor, task: Pick<HumanTask, 'queue' | 'assigneeId'>): boolean {
  if (actor.roles.includes('manager')) return true;
  if (actor.roles.includes('coordinator') && task.queue === 'coordinator') return true;
  return task.assigneeId === actor.userId;
}

/** Coordinators and managers see and work every case; a representative, only the cases assigned to them. */
export function seesAllCases(actor: Actor): boolean {
  return actor.roles.some((role) => role === 'coordinator' || role === 'manager');
}

export function assertMayWorkOn(actor: Actor, record: Pick<CaseRecord, 'assignee'>): void {
  if (!seesAllCases(actor) && record.assignee?.userId !== actor.userId) {
    throw new ForbiddenError('This case is not assigned to you.');
  }
}

export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!actor.roles.some((role) => roles.includes(role)))
    throw new ForbiddenError(`Your role cannot ${action}.`);
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `Must be at most ${max} characters.`);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.');

export const TriageDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('assign'),
      type: z.enum(CASE_TYPES, { error: `Choose one of: ${CASE_TYPES.join(', ')}.` }),
      category: text('Category', 100),
      priority: z.enum(['routine', 'urgent', 'expedited'], { error: 'Choose routine, urgent or expedited.' }),
      facility: text('Facility', 200).optional(),
      department: text('Department', 200).optional(),
      assigneeId: text('The representative to assign', 200),
    }),
    z.strictObject({ outcome: z.literal('resolve-at-first-contact'), summary: text('A summary', 4000) }),
    z.strictObject({
      outcome: z.literal('duplicate'),
      duplicateOf: z.string().regex(REFERENCE_PATTERN, 'Give the reference of the original case.'),
    }),
    z.strictObject({ outcome: z.literal('withdrawn'), reason: text('The reason', 2000) }),
  ],
  { error: 'Choose what to do: assign, resolve-at-first-contact, duplicate or withdrawn.' },
);

export const InvestigationDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('findings'),
      stepsTaken: text('The steps taken to investigate', 10_000),
      findings: text('The findings', 10_000),
    }),
    z.strictObject({
      outcome: z.literal('request-information'),
      message: text('The message to the complainant', 10_000),
    }),
  ],
  { error: 'Choose findings or request-information.' },
);

export const AwaitingComplainantDecision = z.discriminatedUnion(
  'outcome',
  [z.strictObject({ outcome: z.literal('resume'), note: text('A note', 4000).optional() })],
  { error: 'The only choice here is resume.' },
);

export const ResponseDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('draft'),
      body: text('The response letter', 20_000),
      contactPerson: z.strictObject({
        name: text("The contact person's name", 200),
        contact: text('How to reach the contact person', 200),
      }),
      completionDate: isoDate,
    }),
  ],
  { error: 'The only choice here is draft.' },
);

export const ApprovalDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({ outcome: z.literal('approve') }),
    z.strictObject({ outcome: z.literal('return'), comments: text('Comments for the representative', 4000) }),
  ],
  { error: 'Choose approve or return.' },
);

export const ClosureDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('close'),
      result: z.enum(CLOSURE_OUTCOMES, { error: `Choose one of: ${CLOSURE_OUTCOMES.join(', ')}.` }),
      rootCause: text('The root cause', 500),
      survey: z.boolean().default(false),
    }),
  ],
  { error: 'The only choice here is close.' },
);

export const STEP_DECISIONS = {
  triage: TriageDecision,
  investigation: InvestigationDecision,
  'awaiting-complainant': AwaitingComplainantDecision,
  response: ResponseDecision,
  approval: ApprovalDecision,
  closure: ClosureDecision,
} as const satisfies Record<WorkflowStep, z.ZodType>;

export type StepDecision = {
  [S in WorkflowStep]: { step: S; decision: z.output<(typeof STEP_DECISIONS)[S]> };
}[WorkflowStep];

export const WithdrawRequest = z.strictObject({ reason: text('The reason', 2000) });
export const ReopenRequest = z.strictObject({ reason: text('The reason', 2000) });
export const ExtensionRequest = z.strictObject({
  reason: text('The reason the complainant will be given', 2000),
  days: z.number({ error: 'Give the number of days.' }).int().min(1).max(366),
});

export type ExtensionRequestBody = z.output<typeof ExtensionRequest>;

export const MessageRequest = z.strictObject({
  subject: text('The subject', 200),
  body: text('The message', 20_000),
});
export type MessageRequestBody = z.output<typeof MessageRequest>;

export const NoteRequest = z.strictObject({
  channel: z.enum(['phone', 'walk-in'], { error: 'Choose phone or walk-in.' }),
  direction: z.enum(['in', 'out'], { error: 'Choose in (they contacted us) or out (we contacted them).' }),
  summary: text('A summary of the conversation', 10_000),
});
export type NoteRequestBody = z.output<typeof NoteRequest>;

/** A coordinator opens a case for a phone call, a walk-in or a letter (the same intake rules as the web). */
export const StaffCaseRequest = z.strictObject({
  complaint: ComplaintInput,
  channel: z.enum(['phone', 'walk-in', 'letter'], { error: 'Choose phone, walk-in or letter.' }),
  resolvedAtFirstContact: z.boolean().default(false),
});
