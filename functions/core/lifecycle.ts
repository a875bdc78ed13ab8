/**
 * The review lifecycle after intake: arming human steps, their SLA clocks, completing steps, and the actions a
 * coordinator can take at any time (withdraw, reopen, extend). Every change is a read-modify-write of the case
 * aggregate, saved conditionally on the version read; a human step completes with that conditional write, so
 * two people cannot complete the same step.
 *
 * The state machine drives the order: Plan <step> clock -> Wait for <step> (arm) -> on timeout, <step> clock
 * fired -> plan again; on completion, branch on the outcome. Completions are recorded here first and then handed
 * to the execution; if its token went stale in between (a clock re-armed the wait), the next arm hands it over.
 */
import {
  type AuditEvent,
  type CaseRecord,
  type CorrespondenceItem,
  closeCase,
  executionNameFor,
  type HumanTask,
  isClosed,
  type StepOutcome,
  type WorkflowStep,
} from './case';
import { changeCase, loadCase } from './case-changes';
import { clockEvents, INTERIM_LETTER_EVENT, MAX_CLOCK_ROUNDS, planNext, settledBy, stepDue } from './clock';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from './errors';
import {
  extensionNotice,
  informationRequestEmail,
  interimLetter,
  type NotificationSettings,
  responseEmail,
  staffClockEmail,
  surveyEmail,
  urgentAllegationEmail,
} from './notifications';
import type {
  CaseRepository,
  CaseWorkflow,
  Clock,
  EscalationContacts,
  IdGenerator,
  Mailer,
  StaffDirectory,
} from './ports';
import { checkCmsElements } from './response-letter';
import { computeDeadlines, SLA_POLICIES, SlaClock, type SlaPolicy } from './sla-policies';
import { breachCounters, type CounterUpdate, monthOf, slaCounters } from './statistics';
import {
  type Actor,
  assertMayComplete,
  type ExtensionRequestBody,
  requireRole,
  STEP_DECISIONS,
  STEP_RULES,
  type StepDecision,
} from './steps';

/** The error a waiting step fails with when its case is withdrawn; every wait in the ASL catches it. */
export const CASE_WITHDRAWN_ERROR = 'Liaison.CaseWithdrawn';

export interface LifecycleDependencies {
  cases: CaseRepository;
  staff: StaffDirectory;
  workflow: CaseWorkflow;
  mailer: Mailer;
  clock: Clock;
  ids: IdGenerator;
  settings: NotificationSettings & { mailFrom: string; escalation: EscalationContacts };
}

type Deps<K extends keyof LifecycleDependencies> = Pick<LifecycleDependencies, K>;

function policyOf(record: CaseRecord): SlaPolicy {
  return SLA_POLICIES[record.slaPolicy];
}

function clockOf(record: CaseRecord, timeZone: string): SlaClock {
  return SlaClock.forPolicy(policyOf(record), new Date(record.receivedAt), timeZone, record.timeScale ?? 1);
}

async function currentTaskOf(cases: CaseRepository, record: CaseRecord): Promise<HumanTask | undefined> {
  return record.currentTask ? cases.getTask(record.caseId, record.currentTask.taskId) : undefined;
}

/* ----------------------------------------------------------------------------------------------------------
 * Arming a human step (the target of every `.waitForTaskToken` state)
 * -------------------------------------------------------------------------------------------------------- */

type ArmAction = { kind: 'withdrawn' } | { kind: 'deliver' | 'armed'; task: HumanTask };

export async function armHumanTask(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; step: WorkflowStep; taskToken: string },
): Promise<{ taskId?: string; delivered?: boolean; withdrawn?: boolean }> {
  const action = await changeCase<ArmAction>(deps, input.caseId, async (record, now) => {
    if (isClosed(record)) return { unchanged: { kind: 'withdrawn' } };
    const current = await currentTaskOf(deps.cases, record);
    if (current && current.step === input.step) {
      if (current.status === 'completed' && !current.delivered && current.outcome) {
        return { unchanged: { kind: 'deliver', task: current } };
      }
      if (current.status === 'open') {
        if (current.taskToken === input.taskToken) return { unchanged: { kind: 'armed', task: current } };
        // A clock event re-armed the wait: same task, new token.
        const task = { ...current, taskToken: input.taskToken };
        return { record, tasks: [task], result: { kind: 'armed', task } };
      }
    }
    const rule = STEP_RULES[input.step];
    const due = stepDue(record, input.step, now, policyOf(record), clockOf(record, deps.settings.timeZone));
    const task: HumanTask = {
      taskId: deps.ids.newId(),
      caseId: record.caseId,
      reference: record.reference,
      step: input.step,
      status: 'open',
      queue: rule.queue,
      assigneeId: rule.queue === 'representative' ? record.assignee?.userId : undefined,
      openedAt: now.toISOString(),
      dueAt: due?.dueAt,
      dueSource: due?.source,
      taskToken: input.taskToken,
      firedEvents: [],
    };
    record.stage = input.step;
    record.currentTask = {
      taskId: task.taskId,
      step: task.step,
      openedAt: task.openedAt,
      dueAt: task.dueAt,
      assigneeId: task.assigneeId,
    };
    return {
      record,
      tasks: [task],
      audit: [{ type: 'task.opened', actor: 'system', detail: { taskId: task.taskId, step: task.step } }],
      result: { kind: 'armed', task },
    };
  });

  if (action.kind === 'withdrawn') {
    await deps.workflow.failStep(input.taskToken, CASE_WITHDRAWN_ERROR, 'The case is closed or withdrawn.');
    return { withdrawn: true };
  }
  if (action.kind === 'deliver') {
    // Recorded before this wait began (its token went stale): hand it over now.
    const delivered = await deps.workflow.completeStep(input.taskToken, action.task.outcome as StepOutcome);
    if (delivered) await markDelivered(deps, action.task);
    return { taskId: action.task.taskId, delivered };
  }
  return { taskId: action.task.taskId };
}

async function markDelivered(deps: Deps<'cases' | 'clock' | 'ids'>, task: HumanTask): Promise<void> {
  await changeCase(deps, task.caseId, async (record) => {
    const stored = await deps.cases.getTask(task.caseId, task.taskId);
    if (!stored || stored.delivered) return { unchanged: undefined };
    return { record, tasks: [{ ...stored, delivered: true }], result: undefined };
  }).catch(() => undefined); // Best effort: an undelivered flag only means the next arm re-sends the same outcome.
}

/* ----------------------------------------------------------------------------------------------------------
 * SLA clocks
 * -------------------------------------------------------------------------------------------------------- */

export class ClockLoopLimitError extends Error {
  override readonly name = 'Liaison.ClockLoopLimit';
}

export interface PlannedClock {
  event: string;
  waitSeconds: number;
  rounds: number;
}

/** Plans the next wait of a step. Before the step's task exists it plans from "opened now". */
export async function planStepClock(
  deps: Deps<'cases' | 'clock' | 'settings'>,
  input: { caseId: string; step: WorkflowStep; rounds: number },
): Promise<PlannedClock> {
  if (input.rounds >= MAX_CLOCK_ROUNDS) {
    throw new ClockLoopLimitError(`Clock rounds exceeded ${MAX_CLOCK_ROUNDS} for one execution`);
  }
  const record = await loadCase(deps.cases, input.caseId);
  const now = deps.clock.now();
  const policy = policyOf(record);
  const clock = clockOf(record, deps.settings.timeZone);
  const current = await currentTaskOf(deps.cases, record);
  const task =
    current && current.step === input.step && current.status === 'open'
      ? current
      : {
          step: input.step,
          openedAt: now.toISOString(),
          dueAt: stepDue(record, input.step, now, policy, clock)?.dueAt,
          firedEvents: [] as string[],
        };
  const fired = new Set(task.firedEvents);
  if (record.interimLetter) fired.add(INTERIM_LETTER_EVENT);
  const plan = planNext(clockEvents(record, task, policy, clock), fired, now);
  return { event: plan.event, waitSeconds: plan.waitSeconds, rounds: input.rounds + 1 };
}

/**
 * Fires a planned clock event, if it is still due: the step is still open, the event not yet sent, and its
 * time not moved (an extension or a pause moves it). Sends the email, then records it with every event it
 * settles, so a reminder never follows an escalation.
 */
export async function fireClockEvent(
  deps: Deps<'cases' | 'staff' | 'mailer' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; step: WorkflowStep; event: string },
): Promise<{ fired: boolean; resumed?: boolean }> {
  if (input.event === 'none') return { fired: false };
  const record = await loadCase(deps.cases, input.caseId);
  const task = await currentTaskOf(deps.cases, record);
  if (!task || task.step !== input.step || task.status !== 'open' || isClosed(record))
    return { fired: false };
  if (task.firedEvents.includes(input.event)) return { fired: false };
  if (input.event === INTERIM_LETTER_EVENT && record.interimLetter) return { fired: false };
  const now = deps.clock.now();
  const policy = policyOf(record);
  const events = clockEvents(record, task, policy, clockOf(record, deps.settings.timeZone));
  const event = events.find((candidate) => candidate.id === input.event);
  // Timers are whole seconds: allow one second of early firing.
  if (!event || event.at.getTime() > now.getTime() + 1_000) return { fired: false };

  if (event.kind === 'information-limit') {
    await resumeAfterInformationRequest(deps, record.caseId, task.taskId, 'system', 'information-limit');
    return { fired: true, resumed: true };
  }

  let correspondence: CorrespondenceItem | undefined;
  if (event.kind === 'interim-letter') {
    const expectedBy =
      record.deadlines.resolve?.dueAt ?? record.deadlines.respond?.dueAt ?? now.toISOString();
    const email = interimLetter(record, expectedBy, deps.settings);
    correspondence = await sendToComplainant(deps, record, email, 'interim-letter', true);
  } else {
    const to = await staffRecipient(deps, record, task, event.kind);
    await deps.mailer.send(staffClockEmail(event.kind, record, task.step, task.dueAt, to, deps.settings));
  }

  await changeCase(deps, record.caseId, async (latest) => {
    const stored = await deps.cases.getTask(latest.caseId, task.taskId);
    if (!stored) return { unchanged: undefined };
    const settled = new Set([...stored.firedEvents, ...settledBy(events, event)]);
    if (event.kind === 'interim-letter') {
      latest.interimLetter = {
        sentAt: now.toISOString(),
        expectedBy: latest.deadlines.resolve?.dueAt ?? now.toISOString(),
      };
    }
    return {
      record: latest,
      tasks: [{ ...stored, firedEvents: [...settled] }],
      correspondence: correspondence ? [correspondence] : [],
      audit: [{ type: `clock.${event.kind}`, actor: 'system', detail: { step: task.step, event: event.id } }],
      counters: event.kind === 'escalation' ? breachCounters(now, deps.settings.timeZone) : [],
      result: undefined,
    };
  });
  return { fired: true };
}

/** The contacts for a case: the defaults, overridden by its facility's, overridden by its department's. */
export function contactsFor(contacts: EscalationContacts, record: CaseRecord) {
  const facility = record.triage?.facility ?? record.complaint.facility;
  const department = record.triage?.department ?? record.complaint.department;
  return {
    coordinators: contacts.coordinators,
    manager: contacts.manager,
    director: contacts.director,
    ...(facility ? contacts.byFacility?.[facility] : {}),
    ...(department ? contacts.byDepartment?.[department] : {}),
  };
}

async function staffRecipient(
  deps: Deps<'staff' | 'settings'>,
  record: CaseRecord,
  task: HumanTask,
  kind: 'reminder' | 'escalation' | 'second-escalation',
): Promise<string> {
  const contacts = contactsFor(deps.settings.escalation, record);
  if (kind === 'escalation') return contacts.manager;
  if (kind === 'second-escalation') return contacts.director;
  if (task.assigneeId) {
    const assignee = await deps.staff.get(task.assigneeId);
    if (assignee) return assignee.email;
  }
  return contacts.coordinators;
}

async function sendToComplainant(
  deps: Deps<'mailer' | 'clock' | 'ids' | 'settings'>,
  record: CaseRecord,
  email: { to: string; subject: string; text: string; headers?: Record<string, string> },
  kind: CorrespondenceItem['kind'],
  automatic: boolean,
): Promise<CorrespondenceItem> {
  const byLetter = record.complaint.contactPreference === 'letter';
  const at = deps.clock.now().toISOString();
  // Letter-preferring complainants get a printable letter, recorded as to be mailed (never silently dropped).
  const messageId = byLetter ? undefined : (await deps.mailer.send(email)).messageId;
  return {
    caseId: record.caseId,
    correspondenceId: deps.ids.newId(),
    direction: 'out',
    channel: byLetter ? 'letter' : 'email',
    at,
    subject: email.subject,
    from: deps.settings.mailFrom,
    to: byLetter ? record.complaint.complainant.name : email.to,
    body: email.text,
    messageId,
    automatic,
    kind,
    status: byLetter ? 'to-be-mailed' : 'sent',
  };
}

/* ----------------------------------------------------------------------------------------------------------
 * Completing a human step (POST /api/tasks/{taskId}/complete)
 * -------------------------------------------------------------------------------------------------------- */

export async function completeTask(
  deps: Deps<'cases' | 'staff' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  input: { actor: Actor; taskId: string; body: unknown },
): Promise<{ taskId: string; step: WorkflowStep; outcome: string }> {
  const found = await deps.cases.findTask(input.taskId);
  if (!found) throw new NotFoundError('There is no such task.');
  const schema = STEP_DECISIONS[found.step];
  const parsed = schema.safeParse(input.body);
  if (!parsed.success) throw parsed.error;
  const decision = { step: found.step, decision: parsed.data } as StepDecision;

  const task = await changeCase(deps, found.caseId, async (record, now) => {
    const stored = await deps.cases.getTask(found.caseId, found.taskId);
    if (stored?.status !== 'open' || isClosed(record)) {
      throw new ConflictError('This step is no longer open: someone completed it, or the case was closed.');
    }
    assertMayComplete(input.actor, stored, record);
    const applied = await applyDecision(deps, record, decision, input.actor, now);
    const completed: HumanTask = {
      ...stored,
      status: 'completed',
      outcome: applied.outcome,
      completedBy: input.actor.userId,
      completedAt: now.toISOString(),
    };
    return {
      record: applied.record,
      tasks: [completed],
      audit: [
        {
          type: 'task.completed',
          actor: input.actor.userId,
          detail: { taskId: stored.taskId, step: stored.step, outcome: applied.outcome.outcome },
        },
        ...applied.audit,
      ],
      counters: applied.counters,
      result: completed,
    };
  });

  const delivered = await deps.workflow.completeStep(task.taskToken, task.outcome as StepOutcome);
  if (delivered) await markDelivered(deps, task);
  return { taskId: task.taskId, step: task.step, outcome: (task.outcome as StepOutcome).outcome };
}

async function applyDecision(
  deps: Deps<'cases' | 'staff' | 'settings'>,
  record: CaseRecord,
  { step, decision }: StepDecision,
  actor: Actor,
  now: Date,
): Promise<{
  record: CaseRecord;
  outcome: StepOutcome;
  audit: Omit<AuditEvent, 'caseId' | 'at' | 'eventId'>[];
  counters?: CounterUpdate[];
}> {
  const at = now.toISOString();
  const audit: Omit<AuditEvent, 'caseId' | 'at' | 'eventId'>[] = [];
  switch (step) {
    case 'triage': {
      if (decision.outcome === 'assign') {
        const assignee = await deps.staff.get(decision.assigneeId);
        if (!assignee?.roles.includes('representative')) {
          throw new RuleViolationError('Choose a representative to assign.', [
            { field: 'assigneeId', message: 'This person is not a representative.' },
          ]);
        }
        record.assignee = { userId: assignee.userId, name: assignee.name, email: assignee.email };
        record.triage = {
          type: decision.type,
          category: decision.category,
          priority: decision.priority,
          facility: decision.facility,
          department: decision.department,
          decidedBy: actor.userId,
          decidedAt: at,
        };
        if (decision.priority === 'expedited') {
          const expedited = computeDeadlines(
            policyOf(record),
            new Date(record.receivedAt),
            deps.settings.timeZone,
            {
              timeScale: record.timeScale ?? 1,
              expedited: true,
            },
          );
          record.deadlines = { ...record.deadlines, respond: expedited.respond };
          audit.push({
            type: 'deadlines.expedited',
            actor: actor.userId,
            detail: { respondBy: expedited.respond.dueAt },
          });
        }
        audit.push({
          type: 'case.triaged',
          actor: actor.userId,
          detail: { type: decision.type, priority: decision.priority, assigneeId: assignee.userId },
        });
        return { record, outcome: { outcome: 'assign' }, audit };
      }
      if (decision.outcome === 'resolve-at-first-contact') {
        record.triage = {
          type: 'complaint',
          category: record.complaint.category ?? 'general',
          priority: 'routine',
          decidedBy: actor.userId,
          decidedAt: at,
          resolvedAtFirstContact: { summary: decision.summary },
        };
        return { record, outcome: { outcome: 'resolve-at-first-contact' }, audit };
      }
      if (decision.outcome === 'duplicate') {
        const original = await deps.cases.findCaseIdByReference(decision.duplicateOf);
        if (!original || original === record.caseId) {
          throw new RuleViolationError('Give the reference of another existing case.', [
            { field: 'duplicateOf', message: 'There is no other case with this reference.' },
          ]);
        }
        closeCase(record, {
          outcome: 'duplicate',
          duplicateOf: decision.duplicateOf,
          closedBy: actor.userId,
          closedAt: at,
        });
        audit.push({
          type: 'case.closed',
          actor: actor.userId,
          detail: { outcome: 'duplicate', duplicateOf: decision.duplicateOf },
        });
        return { record, outcome: { outcome: 'duplicate' }, audit };
      }
      closeCase(record, {
        outcome: 'withdrawn',
        reason: decision.reason,
        closedBy: actor.userId,
        closedAt: at,
      });
      audit.push({ type: 'case.withdrawn', actor: actor.userId });
      return { record, outcome: { outcome: 'withdrawn' }, audit };
    }
    case 'investigation': {
      if (decision.outcome === 'findings') {
        record.investigation = {
          stepsTaken: decision.stepsTaken,
          findings: decision.findings,
          recordedBy: actor.userId,
          recordedAt: at,
        };
        return { record, outcome: { outcome: 'findings' }, audit };
      }
      record.informationRequest = { requestedAt: at, requestedBy: actor.userId, message: decision.message };
      return { record, outcome: { outcome: 'request-information' }, audit };
    }
    case 'awaiting-complainant': {
      resumeClock(record, now);
      record.informationRequest = {
        ...(record.informationRequest as NonNullable<CaseRecord['informationRequest']>),
        resumedAt: at,
        resumedBy: actor.userId,
      };
      audit.push({ type: 'clock.resumed', actor: actor.userId, detail: { pausedMs: record.pausedMs ?? 0 } });
      return { record, outcome: { outcome: 'resume' }, audit };
    }
    case 'response': {
      record.draft = {
        body: decision.body,
        contactPerson: decision.contactPerson,
        completionDate: decision.completionDate,
        draftedBy: actor.userId,
        draftedAt: at,
      };
      record.approval = undefined;
      return { record, outcome: { outcome: 'drafted' }, audit };
    }
    case 'approval': {
      if (decision.outcome === 'return') {
        record.returns = [...(record.returns ?? []), { by: actor.userId, at, comments: decision.comments }];
        record.approval = undefined;
        return { record, outcome: { outcome: 'returned' }, audit };
      }
      if (!record.draft) throw new ConflictError('There is no draft response to approve.');
      if (record.draft.draftedBy === actor.userId) {
        throw new ForbiddenError('Someone other than the author of the response must approve it.');
      }
      const isGrievance = (record.triage?.type ?? record.classification.kind) === 'grievance';
      if (isGrievance) {
        const missing = checkCmsElements(record.draft.body, record.draft);
        if (missing.length > 0) {
          throw new RuleViolationError(
            'A grievance response must contain the four elements of 42 CFR 482.13(a)(2)(iii).',
            missing,
          );
        }
      }
      record.approval = { approvedBy: actor.userId, approvedAt: at };
      record.stage = 'sending';
      return { record, outcome: { outcome: 'approved' }, audit };
    }
    case 'closure': {
      closeCase(record, {
        outcome: decision.result,
        rootCause: decision.rootCause,
        closedBy: actor.userId,
        closedAt: at,
      });
      audit.push({ type: 'case.closed', actor: actor.userId, detail: { outcome: decision.result } });
      const survey = decision.survey
        ? { survey: true, surveyDelaySeconds: surveyDelaySeconds(record, now, deps.settings.timeZone) }
        : { survey: false };
      return {
        record,
        outcome: { outcome: 'closed', ...survey },
        audit,
        counters: [
          ...slaCounters('resolve', record, now, deps.settings.timeZone),
          { period: monthOf(now, deps.settings.timeZone), increments: { [`outcome:${decision.result}`]: 1 } },
        ],
      };
    }
  }
}

function surveyDelaySeconds(record: CaseRecord, now: Date, timeZone: string): number {
  const at = clockOf(record, timeZone).add(now, policyOf(record).surveyAfter);
  return Math.min(Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)), 20 * 24 * 3600);
}

/** The time spent waiting for the complainant is added to the response and resolution deadlines. */
function resumeClock(record: CaseRecord, now: Date): void {
  const since = record.informationRequest?.requestedAt;
  if (!since) return;
  const pausedMs = Math.max(0, now.getTime() - Date.parse(since));
  record.pausedMs = (record.pausedMs ?? 0) + pausedMs;
  for (const name of ['respond', 'resolve'] as const) {
    const deadline = record.deadlines[name];
    if (deadline) {
      record.deadlines[name] = {
        dueAt: new Date(Date.parse(deadline.dueAt) + pausedMs).toISOString(),
        source: `${deadline.source.replace(/ \(paused .*\)$/, '')} (paused while waiting for the complainant)`,
      };
    }
  }
}

/** The complainant answered by email while the case waited for them: the clock resumes. */
export async function resumeOnComplainantReply(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  caseId: string,
): Promise<boolean> {
  const record = await loadCase(deps.cases, caseId);
  const task = await currentTaskOf(deps.cases, record);
  if (task?.step !== 'awaiting-complainant' || task.status !== 'open') return false;
  await resumeAfterInformationRequest(deps, caseId, task.taskId, 'complainant', 'reply');
  const stored = await deps.cases.getTask(caseId, task.taskId);
  if (stored?.status !== 'completed' || stored.delivered) return false;
  if (await deps.workflow.completeStep(stored.taskToken, { outcome: 'resume' }))
    await markDelivered(deps, stored);
  return true;
}

/** The wait for the complainant ended by its limit: the clock resumes without them. */
async function resumeAfterInformationRequest(
  deps: Deps<'cases' | 'clock' | 'ids' | 'settings'>,
  caseId: string,
  taskId: string,
  actor: string,
  reason: string,
): Promise<void> {
  await changeCase(deps, caseId, async (record, now) => {
    const task = await deps.cases.getTask(caseId, taskId);
    if (task?.status !== 'open') return { unchanged: undefined };
    resumeClock(record, now);
    record.informationRequest = {
      ...(record.informationRequest as NonNullable<CaseRecord['informationRequest']>),
      resumedAt: now.toISOString(),
      resumedBy: actor,
    };
    return {
      record,
      tasks: [
        {
          ...task,
          status: 'completed',
          outcome: { outcome: 'resume' },
          completedBy: actor,
          completedAt: now.toISOString(),
        },
      ],
      audit: [{ type: 'clock.resumed', actor, detail: { reason, pausedMs: record.pausedMs ?? 0 } }],
      result: undefined,
    };
  });
}

/* ----------------------------------------------------------------------------------------------------------
 * Workflow side effects
 * -------------------------------------------------------------------------------------------------------- */

export type CorrespondenceAction = 'information-request' | 'response' | 'survey' | 'urgent-alert';

/** Sends what the workflow asks for, once per case and purpose. */
export async function sendCaseCorrespondence(
  deps: Deps<'cases' | 'mailer' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; action: CorrespondenceAction },
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, input.caseId);
  if (input.action === 'urgent-alert') {
    await deps.mailer.send(
      urgentAllegationEmail(record, contactsFor(deps.settings.escalation, record).manager, deps.settings),
    );
    return { sent: true };
  }
  if (input.action === 'response' && (record.response || !record.draft || !record.approval))
    return { sent: false };
  if (
    input.action === 'information-request' &&
    (!record.informationRequest?.message || record.informationRequest.sentAt)
  ) {
    return { sent: false };
  }
  if (input.action === 'survey' && record.surveySentAt) return { sent: false };

  const email =
    input.action === 'response'
      ? responseEmail(record, record.draft?.body ?? '', deps.settings)
      : input.action === 'information-request'
        ? informationRequestEmail(record, record.informationRequest?.message ?? '', deps.settings)
        : surveyEmail(record, deps.settings);
  const kind =
    input.action === 'response' ? 'response' : input.action === 'survey' ? 'survey' : 'information-request';
  const item = await sendToComplainant(deps, record, email, kind, input.action === 'survey');
  await changeCase(deps, input.caseId, async (latest) => {
    const at = item.at;
    if (input.action === 'response') {
      latest.response = {
        sentAt: at,
        channel: item.channel === 'letter' ? 'letter' : 'email',
        messageId: item.messageId,
        correspondenceId: item.correspondenceId,
      };
    } else if (input.action === 'information-request' && latest.informationRequest) {
      latest.informationRequest = { ...latest.informationRequest, sentAt: at };
    } else {
      latest.surveySentAt = at;
    }
    return {
      record: latest,
      correspondence: [item],
      audit: [{ type: `correspondence.${input.action}`, actor: 'system', detail: { channel: item.channel } }],
      counters:
        input.action === 'response'
          ? slaCounters('respond', latest, new Date(at), deps.settings.timeZone)
          : [],
      result: undefined,
    };
  });
  return { sent: true };
}

/* ----------------------------------------------------------------------------------------------------------
 * Coordinator actions at any step
 * -------------------------------------------------------------------------------------------------------- */

export async function withdrawCase(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; reason: string },
): Promise<void> {
  requireRole(input.actor, ['coordinator', 'manager'], 'withdraw a case');
  const open = await changeCase(deps, input.caseId, async (record, now) => {
    if (isClosed(record)) throw new ConflictError('The case is already closed.');
    const task = await currentTaskOf(deps.cases, record);
    const at = now.toISOString();
    closeCase(record, {
      outcome: 'withdrawn',
      reason: input.reason,
      closedBy: input.actor.userId,
      closedAt: at,
    });
    const closedTask = task && task.status === 'open' ? { ...task, status: 'closed' as const } : undefined;
    return {
      record,
      tasks: closedTask ? [closedTask] : [],
      audit: [{ type: 'case.withdrawn', actor: input.actor.userId }],
      result: closedTask,
    };
  });
  // If the token is stale the next arm sees the withdrawal and ends the execution itself.
  if (open) await deps.workflow.failStep(open.taskToken, CASE_WITHDRAWN_ERROR, 'Withdrawn by a coordinator.');
}

export async function reopenCase(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'ids' | 'settings'>,
  input: { actor: Actor; caseId: string; reason: string },
): Promise<{ executionName: string }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'reopen a case');
  const run = await changeCase(deps, input.caseId, async (record, now) => {
    if (!isClosed(record)) throw new ConflictError('Only a closed or withdrawn case can be reopened.');
    const nextRun = (record.workflow.run ?? 0) + 1;
    const deadlines = computeDeadlines(policyOf(record), now, deps.settings.timeZone, {
      timeScale: record.timeScale ?? 1,
    });
    const previous = record.closure?.outcome ?? 'closed';
    record.stage = 'intake';
    record.closure = undefined;
    record.approval = undefined;
    record.response = undefined;
    record.interimLetter = undefined;
    record.currentTask = undefined;
    record.deadlines = {
      ...record.deadlines,
      triage: deadlines.triage,
      respond: deadlines.respond,
      resolve: deadlines.resolve,
    };
    record.workflow = { executionName: executionNameFor(record.caseId, nextRun), run: nextRun };
    return {
      record,
      audit: [
        {
          type: 'case.reopened',
          actor: input.actor.userId,
          detail: { previousOutcome: previous, run: nextRun },
        },
      ],
      result: nextRun,
    };
  });
  const executionName = executionNameFor(input.caseId, run);
  const { executionArn } = await deps.workflow.startCaseReview(input.caseId, executionName);
  await deps.cases.markWorkflowStarted(input.caseId, executionArn, deps.clock.now().toISOString());
  return { executionName };
}

export async function requestExtension(
  deps: Deps<'cases' | 'mailer' | 'clock' | 'ids' | 'settings'>,
  input: { actor: Actor; caseId: string; request: ExtensionRequestBody },
): Promise<{ respondBy: string }> {
  const record = await loadCase(deps.cases, input.caseId);
  const isAssignee = record.assignee?.userId === input.actor.userId;
  if (!isAssignee) requireRole(input.actor, ['coordinator', 'manager'], 'extend this case');
  const policy = policyOf(record);
  const clock = clockOf(record, deps.settings.timeZone);
  const respond = record.deadlines.respond;
  if (isClosed(record) || !respond || record.response) {
    throw new ConflictError('Only an open case whose response has not been sent can be extended.');
  }
  if ((record.extensions?.length ?? 0) >= policy.extension.maxCount) {
    throw new RuleViolationError(
      `The ${policy.name} policy allows ${policy.extension.maxCount} extension(s).`,
      [
        {
          field: 'days',
          message: `No more extensions are allowed (${policy.extension.maxDuration.source}).`,
        },
      ],
    );
  }
  const previousDue = new Date(respond.dueAt);
  const newDue = clock.add(previousDue, { amount: input.request.days, unit: 'calendarDays' });
  const latestAllowed = clock.add(previousDue, policy.extension.maxDuration);
  if (newDue.getTime() > latestAllowed.getTime()) {
    throw new RuleViolationError('The extension is longer than the policy allows.', [
      {
        field: 'days',
        message: `At most ${policy.extension.maxDuration.amount} ${policy.extension.maxDuration.unit} (${policy.extension.maxDuration.source}).`,
      },
    ]);
  }
  const email = extensionNotice(record, input.request.reason, newDue.toISOString(), deps.settings);
  const item = await sendToComplainant(deps, record, email, 'extension-notice', false);
  await changeCase(deps, input.caseId, async (latest, now) => {
    const due = { dueAt: newDue.toISOString(), source: policy.extension.maxDuration.source };
    const moved = latest.currentTask?.dueAt === latest.deadlines.respond?.dueAt;
    latest.extensions = [
      ...(latest.extensions ?? []),
      {
        at: now.toISOString(),
        by: input.actor.userId,
        reason: input.request.reason,
        previousDueAt: previousDue.toISOString(),
        newDueAt: due.dueAt,
      },
    ];
    latest.deadlines = { ...latest.deadlines, respond: due };
    if (latest.deadlines.resolve && Date.parse(latest.deadlines.resolve.dueAt) < newDue.getTime()) {
      latest.deadlines.resolve = due;
    }
    const tasks: HumanTask[] = [];
    if (moved && latest.currentTask) {
      latest.currentTask = { ...latest.currentTask, dueAt: due.dueAt };
      const task = await deps.cases.getTask(latest.caseId, latest.currentTask.taskId);
      if (task) tasks.push({ ...task, dueAt: due.dueAt, dueSource: due.source });
    }
    return {
      record: latest,
      tasks,
      correspondence: [item],
      audit: [{ type: 'deadlines.extended', actor: input.actor.userId, detail: { respondBy: due.dueAt } }],
      result: undefined,
    };
  });
  return { respondBy: newDue.toISOString() };
}
