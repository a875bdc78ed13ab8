/**
 * In-memory implementations of every port (functions/core/ports.ts), for use-case tests that run in
 * milliseconds without Java. They keep the promises the ports make: a case saves all or nothing, conditional on
 * its version; a reference, an idempotency key, an inbound message or a held message is taken once; reads
 * return copies, so a test cannot change stored state by accident. The DynamoDB adapters keep the same
 * promises against DynamoDB Local (test/integration), so a rule proven here holds there.
 */
import { createHash } from 'node:crypto';
import type {
  AuditEvent,
  CaseRecord,
  CaseStage,
  CorrespondenceItem,
  HeldMessage,
  HumanTask,
  StepOutcome,
  TaskQueue,
} from '../../functions/core/case/case';
import { executionNameOf } from '../../functions/core/case/case';
import type { Dependencies, Settings } from '../../functions/core/dependencies';
import { IdempotencyKeyTakenError, VersionConflictError } from '../../functions/core/errors';
import type { ArchivedChange } from '../../functions/core/history/archive-changes';
import type { HospitalLists, ListChange } from '../../functions/core/hospital/hospital-lists';
import type { LearningAction } from '../../functions/core/learning/learning-actions';
import type {
  Absence,
  AccessLog,
  AccessRecord,
  AutoReplyWindow,
  BlobStore,
  CaseChange,
  CaseQuery,
  CaseStore,
  CaseWorkflow,
  ChangeArchive,
  DocumentChange,
  HeldMailStore,
  HospitalListStore,
  IdempotencyRecord,
  IdentityProvider,
  IntakeIdempotencyStore,
  LearningActionStore,
  Mailer,
  MailThreads,
  NewCase,
  OutboundEmail,
  ReferenceRegistry,
  ReportExports,
  ReportStore,
  ScannedObject,
  SentMailLog,
  SentMailRecord,
  StaffDirectory,
  StaffMember,
  StaffSessions,
  StatisticsStore,
  StatusLinks,
  UploadStore,
  VersionedDocuments,
} from '../../functions/core/ports';
import { type CaseFacts, caseFacts } from '../../functions/core/reporting/case-facts';
import {
  type Breakdown,
  type BreakdownDimension,
  COUNTER_NAME,
  isBreakdown,
  type PeriodStats,
  type Tally,
} from '../../functions/core/reporting/statistics';
import { searchTermsOf, type TermLookup } from '../../functions/core/search/search-terms';

const copy = <T>(value: T): T => structuredClone(value);
const NO_DUE = '9999';

/** Everything the stores hold, in one place, so one store's transaction can write another's entities. */
export class MemoryTable {
  readonly cases = new Map<string, CaseRecord>();
  readonly tasks = new Map<string, HumanTask>();
  readonly audit: AuditEvent[] = [];
  readonly correspondence: CorrespondenceItem[] = [];
  readonly references = new Map<string, string>();
  readonly sequences = new Map<string, number>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly inboundGuards = new Map<string, string>();
  readonly sentMail = new Map<string, SentMailRecord>();
  readonly held = new Map<string, HeldMessage>();
  readonly statusLinks = new Map<string, { caseId: string; expiresAt: string }>();
  readonly autoReplies = new Map<string, { until: number; holder: string }>();
  readonly counters = new Map<string, Record<string, number>>();
  /** period#dimension -> label -> count */
  readonly breakdowns = new Map<string, Map<string, number>>();
  readonly staff = new Map<string, StaffMember>();

  messageIdOwner(messageId: string): string | undefined {
    return this.correspondence.find((item) => item.messageId === messageId)?.caseId;
  }
}

const dueOf = (record: CaseRecord) => record.currentTask?.dueAt ?? record.deadlines.respond?.dueAt ?? NO_DUE;
const byDue =
  <T>(due: (item: T) => string) =>
  (a: T, b: T) =>
    due(a).localeCompare(due(b));

class MemoryCaseStore implements CaseStore {
  constructor(private readonly table: MemoryTable) {}

  async createCase({ record, audit, idempotency }: NewCase): Promise<void> {
    const { table } = this;
    if (table.cases.has(record.caseId) || table.references.has(record.reference)) {
      throw Object.assign(new Error('Conditional check failed'), { name: 'TransactionCanceledException' });
    }
    if (idempotency && table.idempotency.has(idempotency.key)) throw new IdempotencyKeyTakenError();
    table.cases.set(record.caseId, { ...copy(record), searchTerms: searchTermsOf(record.complaint) });
    table.references.set(record.reference, record.caseId);
    table.audit.push(...copy(audit));
    if (idempotency) table.idempotency.set(idempotency.key, copy(idempotency));
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const record = this.table.cases.get(caseId);
    return record && copy(record);
  }

  async saveCase(change: CaseChange): Promise<void> {
    const { table } = this;
    const stored = table.cases.get(change.record.caseId);
    if (stored?.version !== change.expectedVersion) throw new VersionConflictError('The case changed.');
    const duplicate = change.correspondence?.find((item) =>
      table.correspondence.some((kept) => kept.correspondenceId === item.correspondenceId),
    );
    if (duplicate)
      throw Object.assign(new Error('Conditional check failed'), { name: 'TransactionCanceledException' });
    table.cases.set(change.record.caseId, {
      ...copy(change.record),
      searchTerms: searchTermsOf(change.record.complaint),
    });
    for (const task of change.tasks ?? []) table.tasks.set(task.taskId, copy(task));
    table.audit.push(...copy(change.audit));
    table.correspondence.push(...copy(change.correspondence ?? []));
    for (const item of change.changedCorrespondence ?? []) {
      const index = table.correspondence.findIndex((kept) => kept.correspondenceId === item.correspondenceId);
      if (index < 0) throw new Error('No such correspondence item to change.');
      table.correspondence[index] = copy(item);
    }
  }

  async listLettersToPost(limit: number): Promise<CorrespondenceItem[]> {
    return copy(
      this.table.correspondence
        .filter((item) => item.status === 'to-be-mailed')
        .sort((a, b) => `${a.at}#${a.caseId}`.localeCompare(`${b.at}#${b.caseId}`))
        .slice(0, limit),
    );
  }

  async countOpenTasks(assigneeId: string): Promise<number> {
    return [...this.table.tasks.values()].filter(
      (task) => task.status === 'open' && task.assigneeId === assigneeId,
    ).length;
  }

  async findCaseIdsByTerm(lookup: TermLookup, limit: number): Promise<string[]> {
    const wanted = `${lookup.kind}:${lookup.value}`;
    return [...this.table.cases.values()]
      .filter((record) =>
        (record.searchTerms ?? []).some((term) =>
          lookup.prefix ? term.startsWith(wanted) : term === wanted,
        ),
      )
      .slice(0, limit)
      .map((record) => record.caseId);
  }

  async markWorkflowStarted(
    caseId: string,
    executionArn: string,
    at: string,
  ): Promise<CaseRecord | undefined> {
    const record = this.table.cases.get(caseId);
    const current = record && record.workflow.executionName === executionNameOf(executionArn);
    if (!record || !current || record.workflow.startedAt) return undefined;
    record.workflow = { ...record.workflow, executionArn, startedAt: at };
    record.version += 1;
    return copy(record);
  }

  async listCasesAwaitingWorkflowStart(before: string, limit: number): Promise<string[]> {
    return [...this.table.cases.values()]
      .filter((record) => !record.workflow.startedAt && record.receivedAt < before)
      .sort(byDue((record) => record.receivedAt))
      .slice(0, limit)
      .map((record) => record.caseId);
  }

  async getTask(caseId: string, taskId: string): Promise<HumanTask | undefined> {
    const task = this.table.tasks.get(taskId);
    return task?.caseId === caseId ? copy(task) : undefined;
  }

  async findTask(taskId: string): Promise<HumanTask | undefined> {
    const task = this.table.tasks.get(taskId);
    return task && copy(task);
  }

  async listOpenTasks(query: {
    queue?: TaskQueue;
    assigneeId?: string;
    limit: number;
  }): Promise<HumanTask[]> {
    return [...this.table.tasks.values()]
      .filter((task) => task.status === 'open')
      .filter((task) =>
        query.assigneeId
          ? task.assigneeId === query.assigneeId
          : task.queue === (query.queue ?? 'coordinator'),
      )
      .sort(byDue((task) => task.dueAt ?? NO_DUE))
      .slice(0, query.limit)
      .map(copy);
  }

  async listUndeliveredTasks(before: string, limit: number): Promise<HumanTask[]> {
    return [...this.table.tasks.values()]
      .filter((task) => task.status === 'completed' && !task.delivered && (task.completedAt ?? '') < before)
      .sort(byDue((task) => task.completedAt ?? ''))
      .slice(0, limit)
      .map(copy);
  }

  async listCases(query: CaseQuery): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    const matching = [...this.table.cases.values()]
      .filter((record) => (query.assigneeId ? record.assignee?.userId === query.assigneeId : true))
      .filter((record) =>
        query.stage || !query.assigneeId ? record.stage === (query.stage ?? 'triage') : true,
      )
      .filter((record) => (query.dueBefore ? dueOf(record) < query.dueBefore : true))
      .sort(byDue(dueOf));
    const start = query.cursor ? Number(query.cursor) : 0;
    const page = matching.slice(start, start + query.limit);
    const next = start + query.limit < matching.length ? String(start + query.limit) : undefined;
    return { cases: page.map(copy), cursor: next };
  }

  async countCasesInStage(stage: CaseStage): Promise<number> {
    return [...this.table.cases.values()].filter((record) => record.stage === stage).length;
  }

  async caseTimeline(caseId: string) {
    const ofCase = <T extends { caseId: string }>(items: Iterable<T>) =>
      [...items].filter((item) => item.caseId === caseId).map(copy);
    return {
      audit: ofCase(this.table.audit).sort(byDue((event) => `${event.at}#${event.eventId}`)),
      correspondence: ofCase(this.table.correspondence).sort(
        byDue((item) => `${item.at}#${item.correspondenceId}`),
      ),
      tasks: ofCase(this.table.tasks.values()).sort(byDue((task) => task.taskId)),
    };
  }
}

class MemoryReferences implements ReferenceRegistry {
  constructor(private readonly table: MemoryTable) {}
  async nextReferenceSequence(prefix: string, year: number): Promise<number> {
    const key = `${prefix}#${year}`;
    const next = (this.table.sequences.get(key) ?? 0) + 1;
    this.table.sequences.set(key, next);
    return next;
  }
  async findCaseIdByReference(reference: string): Promise<string | undefined> {
    return this.table.references.get(reference);
  }
  async firstYearInUse(prefix: string, years: number[]): Promise<number | undefined> {
    return [...years].sort().find((year) => this.table.sequences.has(`${prefix}#${year}`));
  }
}

class MemoryIdempotency implements IntakeIdempotencyStore {
  constructor(private readonly table: MemoryTable) {}
  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const record = this.table.idempotency.get(key);
    return record && copy(record);
  }
}

class MemoryThreads implements MailThreads {
  constructor(private readonly table: MemoryTable) {}
  async findCaseIdByMessageId(messageId: string): Promise<string | undefined> {
    return this.table.messageIdOwner(messageId);
  }
  async recordCorrespondence(item: CorrespondenceItem, audit: AuditEvent): Promise<boolean> {
    if (this.table.inboundGuards.has(item.correspondenceId)) return false;
    this.table.inboundGuards.set(item.correspondenceId, item.caseId);
    this.table.correspondence.push(copy(item));
    this.table.audit.push(copy(audit));
    return true;
  }
}

class MemoryHeldMail implements HeldMailStore {
  constructor(private readonly table: MemoryTable) {}
  async holdMessage(held: HeldMessage): Promise<boolean> {
    if (this.table.held.has(held.heldId)) return false;
    this.table.held.set(held.heldId, copy(held));
    return true;
  }
  async listHeldMessages(status: HeldMessage['status'], limit: number, cursor?: string) {
    const all = [...this.table.held.values()]
      .filter((held) => held.status === status)
      .sort(byDue((held) => `${held.receivedAt}#${held.heldId}`))
      .reverse();
    const start = cursor ? Number(cursor) : 0;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return { messages: all.slice(start, start + limit).map(copy), cursor: next };
  }
  async getHeldMessage(heldId: string): Promise<HeldMessage | undefined> {
    const held = this.table.held.get(heldId);
    return held && copy(held);
  }
  async settleHeldMessage(heldId: string, status: 'placed' | 'discarded', by: string, caseId?: string) {
    const held = this.table.held.get(heldId);
    if (held?.status !== 'held') return false;
    this.table.held.set(heldId, { ...held, status, ...{ settledBy: by, placedCaseId: caseId } });
    return true;
  }
}

class MemoryStatusLinks implements StatusLinks {
  constructor(private readonly table: MemoryTable) {}
  async putStatusLink(hash: string, caseId: string, expiresAt: Date): Promise<void> {
    this.table.statusLinks.set(hash, { caseId, expiresAt: expiresAt.toISOString() });
  }
  async findStatusLink(hash: string) {
    const link = this.table.statusLinks.get(hash);
    return link && copy(link);
  }
}

class MemoryAutoReplies implements AutoReplyWindow {
  constructor(private readonly table: MemoryTable) {}
  async claimAutoReply(sender: string, at: Date, windowSeconds: number, holder: string): Promise<boolean> {
    const key = sender.toLowerCase();
    const taken = this.table.autoReplies.get(key);
    if (taken && taken.until > at.getTime() && taken.holder !== holder) return false;
    this.table.autoReplies.set(key, { until: at.getTime() + windowSeconds * 1000, holder });
    return true;
  }
  private readonly acknowledged = new Map<string, { until: number; holders: Set<string> }>();
  async claimAcknowledgement(
    recipient: string,
    at: Date,
    windowSeconds: number,
    limit: number,
    holder: string,
  ) {
    const key = recipient.toLowerCase();
    const window = this.acknowledged.get(key);
    if (!window || window.until < at.getTime()) {
      this.acknowledged.set(key, { until: at.getTime() + windowSeconds * 1000, holders: new Set([holder]) });
      return true;
    }
    if (window.holders.has(holder)) return true;
    if (window.holders.size >= limit) return false;
    window.holders.add(holder);
    return true;
  }
}

class MemorySentMail implements SentMailLog {
  constructor(private readonly table: MemoryTable) {}
  async find(key: string) {
    const record = this.table.sentMail.get(key);
    return record && copy(record);
  }
  async claim(key: string, fingerprint: string, at: string) {
    const earlier = this.table.sentMail.get(key);
    if (earlier && !earlier.releasedAt) return copy(earlier);
    this.table.sentMail.set(key, { key, fingerprint, claimedAt: at });
    return undefined;
  }
  async release(key: string, at: string) {
    const record = this.table.sentMail.get(key);
    if (record && !record.messageId) this.table.sentMail.set(key, { ...record, releasedAt: at });
  }
  async markSent(key: string, messageId: string, at: string) {
    const record = this.table.sentMail.get(key);
    if (record) this.table.sentMail.set(key, { ...record, messageId, sentAt: at });
  }
}

class MemoryLearningActions implements LearningActionStore {
  readonly items = new Map<string, LearningAction>();
  async put(action: LearningAction, expectedVersion?: number): Promise<boolean> {
    const stored = this.items.get(action.actionId);
    if (expectedVersion === undefined ? stored : stored?.version !== expectedVersion) return false;
    this.items.set(action.actionId, copy(action));
    return true;
  }
  async get(actionId: string) {
    const action = this.items.get(actionId);
    return action && copy(action);
  }
  private sorted(filter: (action: LearningAction) => boolean) {
    return copy(
      [...this.items.values()]
        .filter(filter)
        .sort((a, b) => `${a.dueDate}${a.actionId}`.localeCompare(`${b.dueDate}${b.actionId}`)),
    );
  }
  async listByStatus(status: LearningAction['status'], limit: number) {
    return this.sorted((action) => action.status === status).slice(0, limit);
  }
  async listForCase(caseId: string) {
    return this.sorted((action) => action.source.caseId === caseId);
  }
  async listOpenDueBy(date: string, limit: number) {
    return this.sorted((action) => action.status === 'open' && action.dueDate <= date).slice(0, limit);
  }
}

/** The reports' read model, derived from the cases as saved (the DynamoDB store writes it with each save). */
class MemoryReports implements ReportStore {
  constructor(private readonly table: MemoryTable) {}
  async caseFactsReceived(from: string, to: string): Promise<CaseFacts[]> {
    return [...this.table.cases.values()]
      .filter((record) => record.receivedAt >= from && record.receivedAt <= to)
      .map((record) => caseFacts(record));
  }
  async openCaseFacts(): Promise<CaseFacts[]> {
    return [...this.table.cases.values()]
      .filter((record) => !record.closure)
      .map((record) => caseFacts(record));
  }
  async caseFactsClosed(from: string, to: string): Promise<CaseFacts[]> {
    return [...this.table.cases.values()]
      .map((record) => caseFacts(record))
      .filter((facts) => facts.closedAt !== undefined && facts.closedAt >= from && facts.closedAt <= to);
  }
}

export class MemoryStatistics implements StatisticsStore {
  constructor(private readonly table: MemoryTable) {}
  /** Set to make the next add fail (a throttled or oversized counter write). */
  failNext = false;
  async add(tallies: Tally[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
        name: 'ValidationException',
      });
    }
    for (const tally of tallies) {
      // The same check as DynamoDB's store: a counter named from anything but the code's words fails here too.
      for (const name of isBreakdown(tally) ? [] : Object.keys(tally.increments)) {
        if (!COUNTER_NAME.test(name)) throw new Error(`A counter name must come from the code: ${name}`);
      }
      if (isBreakdown(tally)) {
        const key = `${tally.period}#${tally.dimension}`;
        const labels = this.table.breakdowns.get(key) ?? new Map<string, number>();
        labels.set(tally.label, (labels.get(tally.label) ?? 0) + 1);
        this.table.breakdowns.set(key, labels);
      } else {
        const counters = this.table.counters.get(tally.period) ?? {};
        for (const [name, value] of Object.entries(tally.increments))
          counters[name] = (counters[name] ?? 0) + value;
        this.table.counters.set(tally.period, counters);
      }
    }
  }
  async getBreakdown(period: string, dimension: BreakdownDimension, limit: number): Promise<Breakdown> {
    const labels = [...(this.table.breakdowns.get(`${period}#${dimension}`) ?? new Map()).entries()];
    return Object.fromEntries(labels.sort((a, b) => b[1] - a[1]).slice(0, limit));
  }
  async getStatistics(periods: string[]): Promise<PeriodStats[]> {
    return periods.flatMap((period) => {
      const counters = this.table.counters.get(period);
      return counters ? [{ period, counters: copy(counters) }] : [];
    });
  }
}

class MemoryAccessLog implements AccessLog {
  readonly entries: AccessRecord[] = [];
  failNext = false;
  async record(entry: AccessRecord) {
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
    }
    this.entries.push(copy(entry));
  }
  async list(caseId: string, limit: number, cursor?: string) {
    const all = this.entries
      .filter((entry) => entry.caseId === caseId)
      .sort(byDue((entry) => `${entry.at}#${entry.accessId}`))
      .reverse();
    const start = cursor ? Number(cursor) : 0;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return { items: all.slice(start, start + limit).map(copy), cursor: next };
  }
}

class MemoryStaff implements StaffDirectory {
  constructor(private readonly table: MemoryTable) {}
  async get(userId: string) {
    const member = this.table.staff.get(userId);
    return member && copy(member);
  }
  async list(options: { includeInactive?: boolean } = {}) {
    return [...this.table.staff.values()]
      .filter((member) => options.includeInactive || member.active !== false)
      .sort(byDue((member) => member.name))
      .map(copy);
  }
  async upsert(member: StaffMember) {
    // As the table's update: the identity fields only, an absence kept.
    const { away: _ignored, ...identity } = member;
    const before = this.table.staff.get(member.userId);
    this.table.staff.set(member.userId, copy({ ...before, ...identity }));
  }
  async setAway(userId: string, away: Absence | undefined) {
    const member = this.table.staff.get(userId);
    if (!member) return false;
    if (away) member.away = copy(away);
    else delete member.away;
    return true;
  }
  async listCovered(coverId: string, today: string) {
    return [...this.table.staff.values()]
      .filter((member) => member.away?.coverId === coverId && member.away.until >= today)
      .map((member) => member.userId);
  }
}

class MemoryHospitalLists implements HospitalListStore {
  private lists: HospitalLists | undefined;
  readonly changes: ListChange[] = [];
  async get() {
    return this.lists && copy(this.lists);
  }
  async save(lists: HospitalLists, expectedVersion: number, change: ListChange) {
    if ((this.lists?.version ?? 0) !== expectedVersion) return false;
    this.lists = copy(lists);
    this.changes.push(copy(change));
    return true;
  }
  async recentChanges(limit: number) {
    return [...this.changes].reverse().slice(0, limit).map(copy);
  }
}

/** Managed documents by name, each with its changes. */
class MemoryDocuments implements VersionedDocuments {
  private readonly documents = new Map<string, { version: number }>();
  readonly changes = new Map<string, DocumentChange[]>();
  async get<T extends { version: number }>(name: string) {
    const document = this.documents.get(name);
    return document && (copy(document) as T);
  }
  async save<T extends { version: number }>(
    name: string,
    document: T,
    expectedVersion: number,
    change: DocumentChange,
  ) {
    if ((this.documents.get(name)?.version ?? 0) !== expectedVersion) return false;
    this.documents.set(name, copy(document));
    this.changes.set(name, [...(this.changes.get(name) ?? []), copy(change)]);
    return true;
  }
  async recentChanges(name: string, limit: number) {
    return [...(this.changes.get(name) ?? [])].reverse().slice(0, limit).map(copy);
  }
}

/** The identity provider's groups, as a test sets them. */
export class MemoryIdentity implements IdentityProvider {
  members: StaffMember[] = [];
  async listStaffMembers() {
    return this.members.map(copy);
  }
}

/** Records what was sent; `failNext` makes the next sends fail (an SES outage). */
export class RecordingMailer implements Mailer {
  readonly sent: (OutboundEmail & { messageId: string })[] = [];
  failNext = 0;
  async send(email: OutboundEmail) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw Object.assign(new Error('SES is unavailable'), { name: 'ServiceUnavailable' });
    }
    const messageId = `<${this.sent.length + 1}.memory@email.amazonses.com>`;
    this.sent.push({ ...copy(email), messageId });
    return { messageId };
  }
  to(address: string) {
    return this.sent.filter((email) => email.to === address);
  }
}

export function memoryExecutionArn(executionName: string): string {
  return `arn:aws:states:us-east-1:000000000000:execution:liaison-case-review:${executionName}`;
}

/**
 * A workflow whose executions wait on tokens: `live` tokens are waiting, any other is stale (a clock re-armed the
 * wait). `failStarts` makes StartExecution fail (throttling).
 */
export class ScriptedWorkflow implements CaseWorkflow {
  readonly started: { caseId: string; executionName: string }[] = [];
  readonly live = new Set<string>();
  readonly delivered: { token: string; outcome: StepOutcome }[] = [];
  readonly failed: { token: string; error: string }[] = [];
  readonly stopped: string[] = [];
  failStarts = false;
  /** StartExecution answers ExecutionAlreadyExists: the execution ran under this name and ended. */
  startsFindEnded = false;
  failCompletions = 0;
  async startCaseReview(caseId: string, executionName: string) {
    if (this.failStarts) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    this.started.push({ caseId, executionName });
    return {
      executionArn: memoryExecutionArn(executionName),
      ...(this.startsFindEnded ? { ended: true } : {}),
    };
  }

  /** The ARN of the case's latest execution, as its states see it ($$.Execution.Id). */
  latestExecutionArn(caseId: string): string {
    const latest = this.started.filter((each) => each.caseId === caseId).at(-1);
    if (!latest) throw new Error(`No execution was started for ${caseId}`);
    return memoryExecutionArn(latest.executionName);
  }
  async completeStep(token: string, outcome: StepOutcome) {
    if (this.failCompletions > 0) {
      this.failCompletions -= 1;
      throw Object.assign(new Error('Step Functions is unavailable'), { name: 'ServiceUnavailable' });
    }
    if (!this.live.delete(token)) return false;
    this.delivered.push({ token, outcome: copy(outcome) });
    return true;
  }
  async failStep(token: string, error: string) {
    if (!this.live.delete(token)) return false;
    this.failed.push({ token, error });
    return true;
  }
  async stopReview(executionName: string) {
    this.stopped.push(executionName);
  }
}

/** A clock the test moves. */
export class TestClock {
  constructor(private current = new Date('2026-11-02T14:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  set(at: Date | string) {
    this.current = new Date(at);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Sortable ids (ULID alphabet, 26 characters) in the order they were made. */
export function sequentialIds() {
  let next = 0;
  return {
    newId: () => {
      next += 1;
      return `01K${String(next).padStart(23, '0')}`;
    },
  };
}

export class MemoryBlobs implements BlobStore, UploadStore {
  readonly raw = new Map<string, Buffer>();
  readonly attachments = new Map<string, { content: Buffer; contentType: string }>();
  readonly uploads = new Map<string, Buffer>();
  async getRawMail(key: string) {
    const raw = this.raw.get(key);
    if (!raw) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return raw;
  }
  async putAttachment(key: string, content: Buffer, contentType: string) {
    this.attachments.set(key, { content, contentType });
  }
  /** Like S3's presigned GET: the download name travels in the query string. */
  async attachmentDownloadUrl(key: string, filename: string) {
    const disposition = encodeURIComponent(`attachment; filename="${filename}"`);
    return `https://attachments.invalid/${key}?response-content-disposition=${disposition}&signed`;
  }
  async grant(key: string) {
    return { url: 'https://attachments.invalid/', fields: { key } };
  }
  async inspect(key: string, headBytes: number) {
    const content = this.uploads.get(key);
    return content ? { size: content.length, head: content.subarray(0, headBytes) } : undefined;
  }
  /** As S3 without versions: the ETag is the content's MD5, and a copy is refused when it no longer matches. */
  async keepScanned(upload: ScannedObject, target: string) {
    const content = this.uploads.get(upload.key);
    if (!content || (upload.eTag && upload.eTag !== MemoryBlobs.eTag(content))) return 'changed' as const;
    this.uploads.set(target, Buffer.from(content));
    return 'copied' as const;
  }
  static eTag(content: Buffer): string {
    return `"${createHash('md5').update(content).digest('hex')}"`;
  }
}

/** The last request of each session, in epoch seconds. */
export class MemorySessions implements StaffSessions {
  readonly lastSeen = new Map<string, number>();
  async touch(sessionId: string, at: Date, idleSeconds: number) {
    const now = Math.floor(at.getTime() / 1000);
    const last = this.lastSeen.get(sessionId);
    if (last !== undefined && last < now - idleSeconds) return false;
    this.lastSeen.set(sessionId, now);
    return true;
  }
}

/** Write-once, as the Object Lock bucket: a change kept twice is stored once. */
/** Exported files by key, as the last run left them. */
export class MemoryReportExports implements ReportExports {
  readonly files = new Map<string, { body: string; contentType: string }>();
  async put(key: string, body: string, contentType: string) {
    this.files.set(key, { body, contentType });
  }
}

export class MemoryChangeArchive implements ChangeArchive {
  readonly kept = new Map<string, ArchivedChange>();
  failNext = 0;
  async keep(change: ArchivedChange) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('SlowDown');
    }
    if (!this.kept.has(change.id)) this.kept.set(change.id, copy(change));
  }
}

export const TEST_SETTINGS: Settings = {
  organizationName: 'Example General Hospital',
  organizationPhone: '+1 555 010 0100',
  organizationAddress: [
    'Patient Relations',
    'Example General Hospital',
    '1 Example Way',
    'Springfield, ST 00000',
  ],
  timeZone: 'America/New_York',
  consoleUrl: 'https://liaison.example.org',
  acknowledgementLimit: 3,
  inboundAddress: 'complaints@liaison.example.org',
  mailFrom: 'Patient Relations <complaints@liaison.example.org>',
  mailDomain: 'liaison.example.org',
  escalation: {
    coordinators: 'coordinators@example.org',
    manager: 'manager@example.org',
    director: 'director@example.org',
  },
  referencePrefix: 'PR',
  slaPolicy: 'us-cms-hospital',
  timeScale: 1,
};

export type MemoryDependencies = Dependencies & {
  table: MemoryTable;
  mailer: RecordingMailer;
  workflow: ScriptedWorkflow;
  clock: TestClock;
  blobs: MemoryBlobs;
  uploads: MemoryBlobs;
  deferredStarts: string[];
  lostTallies: unknown[];
  deferredHandOvers: string[];
  statistics: MemoryStatistics;
  accessLog: MemoryAccessLog;
  exports: MemoryReportExports;
};

/** Every port in memory, with test settings; override any of them. */
export function memoryDependencies(settings: Partial<Settings> = {}): MemoryDependencies {
  const table = new MemoryTable();
  const blobs = new MemoryBlobs();
  const deferredStarts: string[] = [];
  const lostTallies: unknown[] = [];
  const deferredHandOvers: string[] = [];
  return {
    table,
    cases: new MemoryCaseStore(table),
    references: new MemoryReferences(table),
    intakeIdempotency: new MemoryIdempotency(table),
    threads: new MemoryThreads(table),
    heldMail: new MemoryHeldMail(table),
    statusLinks: new MemoryStatusLinks(table),
    autoReplies: new MemoryAutoReplies(table),
    sentMail: new MemorySentMail(table),
    statistics: new MemoryStatistics(table),
    reports: new MemoryReports(table),
    actions: new MemoryLearningActions(),
    staff: new MemoryStaff(table),
    lists: new MemoryHospitalLists(),
    documents: new MemoryDocuments(),
    accessLog: new MemoryAccessLog(),
    sessions: new MemorySessions(),
    identity: new MemoryIdentity(),
    history: new MemoryChangeArchive(),
    exports: new MemoryReportExports(),
    workflow: new ScriptedWorkflow(),
    mailer: new RecordingMailer(),
    blobs,
    uploads: blobs,
    clock: new TestClock(),
    ids: sequentialIds(),
    settings: { ...TEST_SETTINGS, ...settings },
    observe: {
      workflowStartDeferred: (caseId) => deferredStarts.push(caseId),
      talliesNotRecorded: (error) => lostTallies.push(error),
      handOverDeferred: (caseId) => deferredHandOvers.push(caseId),
    },
    deferredStarts,
    lostTallies,
    deferredHandOvers,
  };
}
