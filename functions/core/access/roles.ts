/**
 * Who may do what, checked here on the server (never only in a browser). The signed-in member of staff comes
 * from a verified token; their Cognito groups are their roles.
 */
import type { CaseRecord, HumanTask, WorkflowStep } from '../case/case';
import { ForbiddenError, NotFoundError } from '../errors';
import { STEP_RULES } from '../review/step-rules';

export const ROLES = ['coordinator', 'representative', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in member of staff, from the verified token (Cognito groups are the roles). */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  /** Where the request came from, for the access log. */
  sourceIp?: string;
  /** Colleagues away today whose cases this person covers (access/cover.ts). */
  covering?: string[];
}

/** Whether the actor works the cases and steps assigned to `userId`: their own, or a colleague's they cover. */
export function actsFor(actor: Actor, userId: string | undefined): boolean {
  return !!userId && (userId === actor.userId || (actor.covering ?? []).includes(userId));
}

export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!actor.roles.some((role) => roles.includes(role)))
    throw new ForbiddenError(`Your role cannot ${action}.`);
}

/**
 * Coordinators and managers see and work every case; a representative, only the cases assigned to them and, while
 * they cover for someone away, that person's.
 */
export function seesAllCases(actor: Actor): boolean {
  return actor.roles.some((role) => role === 'coordinator' || role === 'manager');
}

/** The answer for a case that does not exist and for one the caller may not see: the same, so that with
 * sequential references the difference cannot tell anyone which cases exist. */
export const NO_SUCH_CASE = 'There is no such case.';

export function mayWorkOn(actor: Actor, record: Pick<CaseRecord, 'assignee'>): boolean {
  return seesAllCases(actor) || actsFor(actor, record.assignee?.userId);
}

/** 404, as for a case that does not exist, unless the actor may see and work the case. */
export function assertMayWorkOn(actor: Actor, record: Pick<CaseRecord, 'assignee'>): void {
  if (!mayWorkOn(actor, record)) throw new NotFoundError(NO_SUCH_CASE);
}

export function mayComplete(actor: Actor, step: WorkflowStep, record: CaseRecord): boolean {
  const rule = STEP_RULES[step];
  if (actor.roles.some((role) => rule.roles.includes(role))) return true;
  return rule.assignee && actor.roles.includes('representative') && actsFor(actor, record.assignee?.userId);
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
  return actsFor(actor, task.assigneeId);
}
