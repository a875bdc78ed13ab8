/**
 * What the console reads: "My tasks", the case list and the case page. Minimum necessary: a representative sees
 * the cases assigned to them; coordinators and managers see all. Task tokens never leave the server.
 */

import { DateTime } from 'luxon';
import { recordRead } from '../access/access-log';
import { type Actor, actsFor, assertMayWorkOn, NO_SUCH_CASE, seesAllCases, visibleTo } from '../access/roles';
import {
  type AuditEvent,
  CASE_STAGES,
  type CaseRecord,
  type CaseStage,
  type CorrespondenceItem,
  caseTypeOf,
  type HumanTask,
} from '../case/case';
import type { Deps } from '../dependencies';
import { ForbiddenError, NotFoundError } from '../errors';
import { isReference } from '../intake/reference';
import { responseTemplate } from '../letters/response-draft';
import { checkResponse } from '../letters/response-letter';
import type { TemplateText } from '../letters/template-kinds';
import { templateFor } from '../letters/templates';
import { type Dashboard, dashboardFrom, monthOf, weekOf } from '../reporting/statistics';
import { STEP_RULES } from '../review/step-rules';
import { policyOf } from '../sla/case-clock';
import { checkTimeLimit, type TimeLimitCheck } from '../sla/time-limit';
import { correctionSentences, sentenceOf } from './timeline';

export type SlaState = 'on-track' | 'due-soon' | 'breached' | 'no-deadline';

/** Due soon: less than a quarter of the step's time is left. */
export function slaState(openedAt: string, dueAt: string | undefined, now: Date): SlaState {
  if (!dueAt) return 'no-deadline';
  const due = Date.parse(dueAt);
  if (now.getTime() >= due) return 'breached';
  const span = due - Date.parse(openedAt);
  return due - now.getTime() < span / 4 ? 'due-soon' : 'on-track';
}

export interface TaskView {
  taskId: string;
  caseId: string;
  reference: string;
  complainant?: string;
  type?: string;
  assignee?: string;
  step: HumanTask['step'];
  label: string;
  queue: HumanTask['queue'];
  assigneeId?: string;
  openedAt: string;
  dueAt?: string;
  dueSource?: string;
  sla: SlaState;
}

function taskView(task: HumanTask, now: Date): TaskView {
  return {
    taskId: task.taskId,
    caseId: task.caseId,
    reference: task.reference,
    complainant: task.summary?.complainant,
    type: task.summary?.type,
    assignee: task.summary?.assignee,
    step: task.step,
    label: STEP_RULES[task.step].label,
    queue: task.queue,
    assigneeId: task.assigneeId,
    openedAt: task.openedAt,
    dueAt: task.dueAt,
    dueSource: task.dueSource,
    sla: slaState(task.openedAt, task.dueAt, now),
  };
}

export async function listTasksFor(deps: Deps<'cases'>, actor: Actor, now: Date): Promise<TaskView[]> {
  const { cases } = deps;
  const limit = 200;
  const lists = await Promise.all([
    // Their own steps, and those of anyone away whom they cover.
    ...[actor.userId, ...(actor.covering ?? [])].map((assigneeId) =>
      cases.listOpenTasks({ assigneeId, limit }),
    ),
    seesAllCases(actor) ? cases.listOpenTasks({ queue: 'coordinator', limit }) : Promise.resolve([]),
    actor.roles.includes('manager')
      ? cases.listOpenTasks({ queue: 'representative', limit })
      : Promise.resolve([]),
  ]);
  const unique = new Map(lists.flat().map((task) => [task.taskId, task]));
  return [...unique.values()]
    .filter((task) => task.status === 'open' && visibleTo(actor, task))
    .map((task) => taskView(task, now))
    .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}

export const OPEN_STAGES: CaseStage[] = CASE_STAGES.filter(
  (stage) => stage !== 'closed' && stage !== 'withdrawn',
);

export interface CaseSummary {
  caseId: string;
  reference: string;
  stage: CaseStage;
  receivedAt: string;
  type: string;
  priority: string;
  complainant: string;
  /** The step the case waits on, as the console names it. */
  step?: string;
  assignee?: string;
  /** Where: the facility triage decided, else the one the complainant named. */
  facility?: string;
  dueAt?: string;
  sla: SlaState;
}

/** A case as lists show it (Cases, search results): who, what, where it is, who has it, when it is due. */
export function summaryOf(record: CaseRecord, now: Date): CaseSummary {
  const dueAt = record.currentTask?.dueAt ?? record.deadlines.respond?.dueAt;
  return {
    caseId: record.caseId,
    reference: record.reference,
    stage: record.stage,
    receivedAt: record.receivedAt,
    type: caseTypeOf(record),
    priority: record.triage?.priority ?? record.classification.priority,
    complainant: record.complaint.complainant.name,
    step: record.currentTask ? STEP_RULES[record.currentTask.step].label : undefined,
    assignee: record.assignee?.name,
    facility: record.triage?.facility ?? record.complaint.facility,
    dueAt,
    sla: slaState(record.currentTask?.openedAt ?? record.receivedAt, dueAt, now),
  };
}

export async function listCasesFor(
  { cases }: Deps<'cases'>,
  actor: Actor,
  query: {
    stage?: CaseStage;
    assigneeId?: string;
    dueBefore?: string;
    breached?: boolean;
    limit: number;
    cursor?: string;
  },
  now: Date,
): Promise<{ cases: CaseSummary[]; cursor?: string }> {
  // A representative lists their own cases, or those of a colleague away whom they cover.
  const assigneeId =
    seesAllCases(actor) || (query.assigneeId && actsFor(actor, query.assigneeId))
      ? query.assigneeId
      : actor.userId;
  const dueBefore = query.breached ? now.toISOString() : query.dueBefore;
  if (!assigneeId && !query.stage) {
    // No stage: every open stage, merged by due time (one query each; no scans).
    const pages = await Promise.all(
      OPEN_STAGES.map((stage) => cases.listCases({ stage, dueBefore, limit: query.limit })),
    );
    const merged = pages
      .flatMap((page) => page.cases)
      .map((record) => summaryOf(record, now))
      .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'))
      .slice(0, query.limit);
    return { cases: merged };
  }
  const page = await cases.listCases({
    stage: query.stage,
    assigneeId,
    dueBefore,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { cases: page.cases.map((record) => summaryOf(record, now)), cursor: page.cursor };
}

export interface CaseView {
  case: Omit<CaseRecord, 'version'>;
  currentStep?: { step: HumanTask['step']; label: string; taskId: string; dueAt?: string; sla: SlaState };
  deadlines: CaseRecord['deadlines'];
  correspondence: CorrespondenceItem[];
  /** Oldest first. `summary` is the event's code (stable for tools); `text` reads as a sentence (timeline.ts). */
  timeline: {
    at: string;
    kind: 'audit' | 'correspondence' | 'task' | 'correction';
    summary: string;
    text: string;
    actor?: string;
  }[];
  tasks: Omit<HumanTask, 'taskToken'>[];
  /** For a draft its rules check (a US grievance, any NHS complaint): the elements the letter still lacks. */
  draftCheck?: { field: string; message: string }[];
  /** At the response step: the saved draft, or a first draft filled from the investigation, to edit. */
  suggestedDraft?: Pick<NonNullable<CaseRecord['draft']>, 'body' | 'contactPerson' | 'completionDate'>;
  /** Whether the complaint was made within its policy's time limit (shown at triage, never a silent refusal). */
  timeLimit: TimeLimitCheck;
  /** Where the case may go after our answer, under its rules (review/second-stage.ts). */
  secondStageBodies: readonly { id: string; name: string; source: string }[];
}

export async function caseViewFor(
  deps: Deps<'cases' | 'references' | 'accessLog' | 'staff' | 'clock' | 'ids' | 'documents' | 'lists'>,
  actor: Actor,
  idOrReference: string,
  now: Date,
  letterhead: { organizationName: string; timeZone: string },
): Promise<CaseView> {
  const { cases, references } = deps;
  const caseId = isReference(idOrReference)
    ? await references.findCaseIdByReference(idOrReference)
    : idOrReference;
  const record = caseId ? await cases.getCase(caseId) : undefined;
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  assertMayWorkOn(actor, record);
  await recordRead(deps, actor, record.caseId, 'view-case');
  const [{ audit, correspondence, tasks }, staff] = await Promise.all([
    cases.caseTimeline(record.caseId),
    deps.staff.list({ includeInactive: true }),
  ]);
  const names = new Map(staff.map((member) => [member.userId, member.name]));
  const nameOf = (userId: string | undefined) => (userId ? (names.get(userId) ?? userId) : 'someone');
  const safeTasks = tasks.map(({ taskToken: _token, ...task }) => task);
  // A step completed a moment ago stays the case's current task until the workflow opens the next: the page shows
  // no step then (and looks again), never the finished step's form.
  const current = tasks.some((task) => task.taskId === record.currentTask?.taskId && task.status === 'open')
    ? record.currentTask
    : undefined;
  const { version: _version, searchTerms: _terms, ...rest } = record;
  return {
    case: rest,
    currentStep: current
      ? {
          step: current.step,
          label: STEP_RULES[current.step].label,
          taskId: current.taskId,
          dueAt: current.dueAt,
          sla: slaState(current.openedAt, current.dueAt, now),
        }
      : undefined,
    deadlines: record.deadlines,
    correspondence,
    timeline: [
      ...audit.map((event: AuditEvent) => ({
        at: event.at,
        kind: 'audit' as const,
        summary: event.type,
        text: sentenceOf(event, nameOf),
        actor: event.actor,
      })),
      ...correspondence.map((item) => {
        const line = `${item.direction === 'out' ? 'To' : 'From'} ${item.direction === 'out' ? item.to : item.from}: ${item.subject}`;
        return { at: item.at, kind: 'correspondence' as const, summary: line, text: line };
      }),
      ...(record.corrections ?? []).flatMap((correction) =>
        correctionSentences(correction).map((text) => ({
          at: correction.at,
          kind: 'correction' as const,
          summary: 'case.corrected',
          text,
          actor: correction.by.userId,
        })),
      ),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    tasks: safeTasks,
    draftCheck: record.draft ? checkResponse(record, record.draft)?.missing : undefined,
    timeLimit: checkTimeLimit(record, letterhead),
    secondStageBodies: policyOf(record).secondStage,
    suggestedDraft:
      current?.step === 'response' && !record.draft
        ? suggestedDraft(record, actor, now, letterhead, await templateFor(deps, record, 'response-draft'))
        : current?.step === 'response'
          ? suggestedDraft(record, actor, now, letterhead)
          : undefined,
  };
}

function suggestedDraft(
  record: CaseRecord,
  actor: Actor,
  now: Date,
  letterhead: { organizationName: string; timeZone: string },
  template?: TemplateText,
): CaseView['suggestedDraft'] {
  if (record.draft) {
    const { body, contactPerson, completionDate } = record.draft;
    return { body, contactPerson, completionDate };
  }
  const contact = record.assignee ?? actor;
  const today = DateTime.fromJSDate(now).setZone(letterhead.timeZone).toISODate() as string;
  return {
    body: responseTemplate(record, contact, letterhead.organizationName, today, template),
    contactPerson: { name: contact.name, contact: contact.email },
    completionDate: today,
  };
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/heic': '.heic',
  'image/webp': '.webp',
  'text/plain': '.txt',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/rtf': '.rtf',
};

/** A download link for one attachment of a case the actor may see. */
export async function attachmentLink(
  deps: Deps<'cases' | 'blobs' | 'accessLog' | 'clock' | 'ids'>,
  actor: Actor,
  caseId: string,
  attachmentId: string,
): Promise<{ url: string; filename: string }> {
  const { cases, blobs } = deps;
  const record = await cases.getCase(caseId);
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  assertMayWorkOn(actor, record);
  const { correspondence } = await cases.caseTimeline(caseId);
  const attachment = correspondence
    .flatMap((item) => item.attachments ?? [])
    .find((candidate) => candidate.attachmentId === attachmentId);
  if (!attachment?.key)
    throw new NotFoundError('There is no such attachment, or it was not stored (its type is not allowed).');
  await recordRead(deps, actor, caseId, 'attachment-link', attachment.attachmentId);
  // The link names the file by its id, not its own name (often a patient's): the URL ends up in S3 access logs
  // and browser history. The console shows the real name beside the link.
  const downloadName = `${attachment.attachmentId}${EXTENSIONS[attachment.contentType] ?? ''}`;
  return {
    url: await blobs.attachmentDownloadUrl(attachment.key, downloadName, attachment.contentType),
    filename: attachment.filename,
  };
}

/** The largest categories, departments and facilities the dashboard shows. */
const BREAKDOWN_LIMIT = 50;

/** The manager dashboard: open cases by stage, SLA compliance by month, breaches this week, volume by category. */
export async function dashboardFor(
  { cases, statistics }: Deps<'cases' | 'statistics'>,
  actor: Actor,
  now: Date,
  timeZone: string,
): Promise<Dashboard> {
  if (!seesAllCases(actor)) {
    throw new ForbiddenError('Only coordinators and managers see the dashboard.');
  }
  const months = Array.from({ length: 6 }, (_, index) =>
    monthOf(
      DateTime.fromJSDate(now, { zone: timeZone })
        .minus({ months: 5 - index })
        .toJSDate(),
      timeZone,
    ),
  );
  const week = weekOf(now, timeZone);
  const month = months.at(-1) as string;
  const [stats, counts, category, department, facility, thanked] = await Promise.all([
    statistics.getStatistics([...months, week]),
    Promise.all(OPEN_STAGES.map(async (stage) => [stage, await cases.countCasesInStage(stage)] as const)),
    statistics.getBreakdown(month, 'category', BREAKDOWN_LIMIT),
    statistics.getBreakdown(month, 'department', BREAKDOWN_LIMIT),
    statistics.getBreakdown(month, 'facility', BREAKDOWN_LIMIT),
    statistics.getBreakdown(month, 'thanked', BREAKDOWN_LIMIT),
  ]);
  const monthStats = months.map(
    (period) => stats.find((item) => item.period === period) ?? { period, counters: {} },
  );
  return dashboardFrom(
    monthStats,
    stats.find((item) => item.period === week),
    Object.fromEntries(counts),
    { category, department, facility, thanked },
  );
}
