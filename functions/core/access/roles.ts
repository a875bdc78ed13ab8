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
}

export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!actor.roles.some((role) => roles.includes(role)))
    throw new ForbiddenError(`Your role cannot ${action}.`);
}

/** Coordinators and managers see and work every case; a representative, only the cases assigned to them. */
export function seesAllCases(actor: Actor): boolean {
  return actor.roles.some((role) => role === 'coordinator' || role === 'manager');
}

/** The answer for a case that does not exist and for one the caller may not see: the same, so that with
 * sequential references the difference cannot tell anyone which cases exist. */
export const NO_SUCH_CASE = 'There is no such case.';

export function mayWorkOn(actor: Actor, record: Pick<CaseRecord, 'assignee'>): boolean {
  return seesAllCases(actor) || record.assignee?.userId === actor.userId;
}

/** 404, as for a case that does not exist, unless the actor may see and work the case. */
export function assertMayWorkOn(actor: Actor, record: Pick<CaseRecord, 'assignee'>): void {
  if (!mayWorkOn(actor, record)) throw new NotFoundError(NO_SUCH_CASE);
}

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
