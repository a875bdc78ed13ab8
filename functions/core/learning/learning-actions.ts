/**
 * Learning (issue 15 §5): the actions that arise from a case or a theme ("you said, we did"), each with an owner,
 * a due date, a status and the evidence it was done, and later a review of whether it worked. Owners are reminded
 * on the due date and their manager told a week after it (remindLearningActions, on a schedule). The committee
 * pack lists them. Coordinators and managers create and change any action; an owner updates their own.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { hospitalToday } from '../access/cover';
import { type Actor, requireRole, seesAllCases } from '../access/roles';
import type { StaffRef } from '../case/case';
import { loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../errors';
import { sendOnce } from '../letters/send-once';
import { isoDate, requiredText } from '../validation';

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface LearningAction {
  actionId: string;
  title: string;
  description?: string;
  /** Where it came from: a case, or a theme seen across cases ("waits in outpatients"). */
  source: { caseId?: string; reference?: string; theme?: string };
  owner: StaffRef;
  /** YYYY-MM-DD, the hospital's date. */
  dueDate: string;
  status: ActionStatus;
  /** What shows it was done (required to mark it done). */
  evidence?: string;
  completedOn?: string;
  /** Whether it worked, looked at after it was done. */
  review?: { worked: 'yes' | 'partly' | 'no'; note: string; reviewedOn: string; by: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const ActionRequest = z
  .strictObject({
    title: requiredText('What is to be done', 300),
    description: requiredText('The detail', 4000).optional(),
    caseId: z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'A case id.')
      .optional(),
    theme: requiredText('The theme', 200).optional(),
    ownerId: requiredText('Who owns it', 200),
    dueDate: isoDate,
  })
  .refine((request) => request.caseId || request.theme, {
    path: ['theme'],
    message: 'Say which case it comes from, or the theme.',
  });
export type ActionRequest = z.infer<typeof ActionRequest>;

export const ActionUpdate = z.strictObject({
  /** The version the change was made from: someone else's change meanwhile is 409. */
  version: z.number().int().min(1),
  status: z.enum(ACTION_STATUSES).optional(),
  evidence: requiredText('The evidence', 4000).optional(),
  dueDate: isoDate.optional(),
  ownerId: requiredText('Who owns it', 200).optional(),
  review: z
    .strictObject({
      worked: z.enum(['yes', 'partly', 'no'], { error: 'Choose yes, partly or no.' }),
      note: requiredText('What the review found', 4000),
    })
    .optional(),
});
export type ActionUpdate = z.infer<typeof ActionUpdate>;

type ActionDeps = Deps<'actions' | 'cases' | 'staff' | 'clock' | 'ids' | 'settings'>;

async function ownerRef(deps: Deps<'staff'>, ownerId: string): Promise<StaffRef> {
  const owner = await deps.staff.get(ownerId);
  if (!owner || owner.active === false) {
    throw new RuleViolationError('Choose someone in the staff directory to own it.', [
      { field: 'ownerId', message: 'There is no active member of staff with this id.' },
    ]);
  }
  return { userId: owner.userId, name: owner.name, email: owner.email };
}

export async function createLearningAction(
  deps: ActionDeps,
  actor: Actor,
  request: ActionRequest,
): Promise<{ action: LearningAction }> {
  requireRole(actor, ['coordinator', 'manager'], 'create learning actions');
  if (request.dueDate < hospitalToday(deps)) {
    throw new RuleViolationError('Give a due date from today.', [
      { field: 'dueDate', message: 'The due date must be today or later.' },
    ]);
  }
  const record = request.caseId ? await loadCase(deps.cases, request.caseId) : undefined;
  const at = deps.clock.now().toISOString();
  const action: LearningAction = {
    actionId: deps.ids.newId(),
    title: request.title,
    ...(request.description ? { description: request.description } : {}),
    source: {
      ...(record ? { caseId: record.caseId, reference: record.reference } : {}),
      ...(request.theme ? { theme: request.theme } : {}),
    },
    owner: await ownerRef(deps, request.ownerId),
    dueDate: request.dueDate,
    status: 'open',
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.actions.put(action);
  return { action };
}

/** Coordinators and managers see every action; anyone else the ones they own. */
export async function listLearningActions(
  deps: Deps<'actions'>,
  actor: Actor,
  query: { status?: ActionStatus; caseId?: string },
): Promise<{ actions: LearningAction[] }> {
  const all = query.caseId
    ? await deps.actions.listForCase(query.caseId)
    : await deps.actions.listByStatus(query.status ?? 'open', 500);
  const visible = seesAllCases(actor) ? all : all.filter((action) => action.owner.userId === actor.userId);
  return {
    actions: visible
      .filter((action) => !query.status || action.status === query.status)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
  };
}

export async function updateLearningAction(
  deps: ActionDeps,
  actor: Actor,
  actionId: string,
  update: ActionUpdate,
): Promise<{ action: LearningAction }> {
  const action = await deps.actions.get(actionId);
  if (!action) throw new NotFoundError('No such learning action.');
  const isOwner = action.owner.userId === actor.userId;
  if (!isOwner && !seesAllCases(actor))
    throw new ForbiddenError('Only its owner, a coordinator or a manager can change it.');
  if ((update.ownerId || update.dueDate) && !seesAllCases(actor)) {
    throw new ForbiddenError('Only a coordinator or a manager can change its owner or due date.');
  }
  if (update.version !== action.version) {
    throw new ConflictError('Someone changed this action meanwhile. Reload it and check.');
  }
  const today = hospitalToday(deps);
  const status = update.status ?? action.status;
  const evidence = update.evidence ?? action.evidence;
  if (status === 'done' && !evidence) {
    throw new RuleViolationError('Say what shows it was done.', [
      { field: 'evidence', message: 'Evidence is required to mark an action done.' },
    ]);
  }
  if (update.review && status !== 'done') {
    throw new RuleViolationError('Review an action once it is done.', [
      { field: 'review', message: 'Mark it done, with its evidence, first.' },
    ]);
  }
  const changed: LearningAction = {
    ...action,
    status,
    ...(evidence ? { evidence } : {}),
    ...(update.dueDate ? { dueDate: update.dueDate } : {}),
    ...(update.ownerId ? { owner: await ownerRef(deps, update.ownerId) } : {}),
    ...(status === 'done' && action.status !== 'done' ? { completedOn: today } : {}),
    ...(update.review ? { review: { ...update.review, reviewedOn: today, by: actor.userId } } : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: action.version + 1,
  };
  if (!(await deps.actions.put(changed, action.version))) {
    throw new ConflictError('Someone changed this action meanwhile. Reload it and check.');
  }
  return { action: changed };
}

/** Days after the due date when an open action's owner's manager is told. */
const OVERDUE_DAYS = 7;

/**
 * The schedule's run: each open action due today or earlier reminds its owner once for its due date; a week past
 * it, the manager (escalation contacts) is told once. Like every staff email, these carry the due date, the case
 * reference and a console link, not the action's words (staff may have written a patient's name in them).
 */
export async function remindLearningActions(
  deps: Deps<'actions' | 'mailer' | 'sentMail' | 'clock' | 'settings'>,
): Promise<{ reminded: number; escalated: number }> {
  const today = hospitalToday(deps);
  const due = await deps.actions.listOpenDueBy(today, 500);
  const link = `${deps.settings.consoleUrl.replace(/\/$/, '')}/console/learning`;
  let reminded = 0;
  let escalated = 0;
  for (const action of due) {
    const { repeated } = await sendOnce(deps, `action-reminder:${action.actionId}:${action.dueDate}`, {
      to: action.owner.email,
      subject: `A learning action you own was due ${action.dueDate}`,
      text: [
        `A learning action you own was due ${action.dueDate}${action.source.reference ? ` (from case ${action.source.reference})` : ''}.`,
        'Mark it done with its evidence, or ask for a new date:',
        link,
      ].join('\n'),
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (!repeated) reminded += 1;
    const weekLate = DateTime.fromISO(action.dueDate).plus({ days: OVERDUE_DAYS }).toISODate() as string;
    if (today < weekLate) continue;
    const { manager } = deps.settings.escalation;
    const told = await sendOnce(deps, `action-overdue:${action.actionId}:${action.dueDate}`, {
      to: manager,
      subject: `A learning action is a week overdue (due ${action.dueDate})`,
      text: [
        `A learning action owned by ${action.owner.name} was due ${action.dueDate} and is still open.`,
        link,
      ].join('\n'),
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (!told.repeated) escalated += 1;
  }
  return { reminded, escalated };
}
