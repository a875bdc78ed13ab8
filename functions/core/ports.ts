/**
 * Ports: everything the domain core needs from the outside world, in one file. AWS adapters in
 * functions/adapters implement them; test/support/memory implements them in memory for the use-case tests.
 * Nothing in functions/core imports an AWS SDK.
 *
 * Storage is one port per kind of entity, each owning its access patterns (README, "Data model"). The case
 * aggregate's store writes the few entities that must change with a case in the same transaction (audit
 * events, tasks, correspondence and its Message-ID index, the reference claim, the idempotency record); the
 * others are read or written on their own.
 */

import type { Role } from './access/roles';
import type {
  AuditEvent,
  CaseRecord,
  CaseStage,
  CorrespondenceItem,
  HeldMessage,
  HumanTask,
  StaffRef,
  StepOutcome,
  TaskQueue,
} from './case/case';
import type { ArchivedChange } from './history/archive-changes';
import type { HospitalLists, ListChange } from './hospital/hospital-lists';
import type { LearningAction } from './learning/learning-actions';
import type { CaseFacts } from './reporting/case-facts';
import type { Breakdown, BreakdownDimension, PeriodStats, Tally } from './reporting/statistics';
import type { TermLookup } from './search/search-terms';

/* ---------------------------------------------------------------- system */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable, unique identifier (ULID). */
  newId(): string;
}

/* ---------------------------------------------------------------- storage */

/** What an Idempotency-Key remembers: enough to answer the retry exactly as the first request was answered. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  caseId: string;
  reference: string;
  receivedAt: string;
}

export interface NewCase {
  record: CaseRecord;
  audit: AuditEvent[];
  idempotency?: IdempotencyRecord;
}

export interface CaseChange {
  record: CaseRecord;
  expectedVersion: number;
  audit: AuditEvent[];
  tasks?: HumanTask[];
  correspondence?: CorrespondenceItem[];
  /** Items already on the case, changed (a letter marked posted). */
  changedCorrespondence?: CorrespondenceItem[];
}

export interface CaseQuery {
  stage?: CaseStage;
  assigneeId?: string;
  /** Only cases whose current due time is before this instant (breached: before now). */
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

/** The case aggregate (the case, its tasks, audit trail and correspondence) and the indexes over cases. */
export interface CaseStore {
  /**
   * Writes the case, its audit events, its reference claim and its idempotency record in one transaction.
   * Throws IdempotencyKeyTakenError when another request holding the same key committed first.
   */
  createCase(newCase: NewCase): Promise<void>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * Saves the case aggregate in one transaction: the case (only if it is still at `expectedVersion`), tasks,
   * audit events and correspondence. Throws VersionConflictError when someone else saved first.
   */
  saveCase(change: CaseChange): Promise<void>;
  /**
   * Records that the case's current execution runs (the one `executionArn` names, never an earlier one); also takes
   * the case off the "awaiting start" index. Answers the case as recorded, or undefined when the start was already
   * recorded or the case names another execution.
   */
  markWorkflowStarted(caseId: string, executionArn: string, at: string): Promise<CaseRecord | undefined>;
  /** Cases stored whose workflow has not been confirmed started, received before `before`. */
  listCasesAwaitingWorkflowStart(before: string, limit: number): Promise<string[]>;
  getTask(caseId: string, taskId: string): Promise<HumanTask | undefined>;
  findTask(taskId: string): Promise<HumanTask | undefined>;
  listOpenTasks(query: { queue?: TaskQueue; assigneeId?: string; limit: number }): Promise<HumanTask[]>;
  /** Letters recorded for posting and not yet marked posted, oldest first (a sparse index). */
  listLettersToPost(limit: number): Promise<CorrespondenceItem[]>;
  /** Steps completed before `before` whose outcome the workflow has not confirmed receiving (sparse index). */
  listUndeliveredTasks(before: string, limit: number): Promise<HumanTask[]>;
  listCases(query: CaseQuery): Promise<{ cases: CaseRecord[]; cursor?: string }>;
  /** How many cases are in a stage (an index count, not a scan). */
  countCasesInStage(stage: CaseStage): Promise<number>;
  /** How many open tasks a member of staff has (an index count): their caseload. */
  countOpenTasks(assigneeId: string): Promise<number>;
  /**
   * Cases whose search terms (search/search-terms.ts, kept by createCase and saveCase) include the lookup's value,
   * exactly or (a prefix lookup) as a prefix. A term a correction replaced can still answer for a while: callers
   * check each case as it is now.
   */
  findCaseIdsByTerm(lookup: TermLookup, limit: number): Promise<string[]>;
  /** The case's audit trail, correspondence and tasks, oldest first. */
  caseTimeline(
    caseId: string,
  ): Promise<{ audit: AuditEvent[]; correspondence: CorrespondenceItem[]; tasks: HumanTask[] }>;
}

/** Case references (PR-2026-000123): the yearly sequence, and the claim that maps a reference to its case. */
export interface ReferenceRegistry {
  /** Atomically takes the next reference number for a prefix and year. */
  nextReferenceSequence(prefix: string, year: number): Promise<number>;
  findCaseIdByReference(reference: string): Promise<string | undefined>;
  /** The earliest of `years` in which a reference was taken for the prefix (the first year with cases). */
  firstYearInUse(prefix: string, years: number[]): Promise<number | undefined>;
}

/** Intake's Idempotency-Key records (written with the case by CaseStore.createCase). */
export interface IntakeIdempotencyStore {
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
}

/** Inbound messages on their cases, and the Message-IDs that thread replies back to them. */
export interface MailThreads {
  /** The case a Message-ID we sent or received belongs to. */
  findCaseIdByMessageId(messageId: string): Promise<string | undefined>;
  /** Records an inbound item once (by its id); false when it was already recorded (a redelivery). */
  recordCorrespondence(item: CorrespondenceItem, audit: AuditEvent): Promise<boolean>;
}

/** Mail no rule could place safely, waiting for a coordinator (and quarantined mail, never shown). */
export interface HeldMailStore {
  /** Holds a message for review once; false when it was already held. */
  holdMessage(held: HeldMessage): Promise<boolean>;
  /** One page, newest first; `cursor` continues from the previous page. */
  listHeldMessages(
    status: HeldMessage['status'],
    limit: number,
    cursor?: string,
  ): Promise<{ messages: HeldMessage[]; cursor?: string }>;
  getHeldMessage(heldId: string): Promise<HeldMessage | undefined>;
  /** Moves a held message out of the queue; false when someone else already did. */
  settleHeldMessage(
    heldId: string,
    status: 'placed' | 'discarded',
    by: string,
    caseId?: string,
  ): Promise<boolean>;
}

/** The complainants' private status links, kept as hashes until they expire. */
export interface StatusLinks {
  putStatusLink(hash: string, caseId: string, expiresAt: Date): Promise<void>;
  findStatusLink(hash: string): Promise<{ caseId: string; expiresAt: string } | undefined>;
}

/** One read of a case's PHI: who, when, from where, and what (HIPAA 164.312(b) audit controls). */
export interface AccessRecord {
  caseId: string;
  at: string;
  accessId: string;
  userId: string;
  action: 'view-case' | 'attachment-link' | 'search' | 'surveyor-packet';
  /** The caller's address as the gateway saw it. */
  sourceIp?: string;
  /** What was read, when more than the case (an attachment's id). */
  detail?: string;
}

/** Every read of a case, kept apart from the case so reading it never races a change to the case. */
export interface AccessLog {
  record(entry: AccessRecord): Promise<void>;
  /** Newest first. */
  list(caseId: string, limit: number, cursor?: string): Promise<{ items: AccessRecord[]; cursor?: string }>;
}

/** One automatic reply per sender per window (RFC 3834 5.1). */
export interface AutoReplyWindow {
  /**
   * Takes the sender's one automatic reply per `windowSeconds` for `holder` (a case); false when another holder
   * took it. Taking it again for the same holder is true, so a retried acknowledgement is not refused.
   */
  claimAutoReply(sender: string, at: Date, windowSeconds: number, holder: string): Promise<boolean>;
  /**
   * Takes one of the `limit` automatic acknowledgements `recipient` may receive per `windowSeconds`, for `holder`
   * (a case); false when the window's limit is reached. The same holder again is true and counts once.
   */
  claimAcknowledgement(
    recipient: string,
    at: Date,
    windowSeconds: number,
    limit: number,
    holder: string,
  ): Promise<boolean>;
}

/** What became of one email Liaison set out to send, by its purpose key (`acknowledgement:<caseId>`, ...). */
export interface SentMailRecord {
  key: string;
  claimedAt: string;
  /** A hash of the email (recipient, subject, text): tells a retry of the same email from a different one. */
  fingerprint: string;
  /** Set once the mail service accepted the email. */
  messageId?: string;
  sentAt?: string;
  /** Set when the send failed; the next claim takes the record anew. */
  releasedAt?: string;
}

/**
 * One record per email sent (letters/send-once.ts): a retry after the send finds it and does not send again,
 * whatever failed after the send.
 */
export interface SentMailLog {
  find(key: string): Promise<SentMailRecord | undefined>;
  /** Records the intent to send; the earlier record when there was one. */
  claim(key: string, fingerprint: string, at: string): Promise<SentMailRecord | undefined>;
  markSent(key: string, messageId: string, at: string): Promise<void>;
  /**
   * Marks a claim whose send failed as released (never one marked sent), so a retry may claim it and send at once.
   * The record stays: nothing in Liaison deletes an item (the table's writers hold no DeleteItem).
   */
  release(key: string, at: string): Promise<void>;
}

/** Learning actions (learning/learning-actions.ts), one item each, listed by status and due date and by case. */
export interface LearningActionStore {
  /** Saves the action; with `expectedVersion`, only if it is still at that version (false otherwise). */
  put(action: LearningAction, expectedVersion?: number): Promise<boolean>;
  get(actionId: string): Promise<LearningAction | undefined>;
  listByStatus(status: LearningAction['status'], limit: number): Promise<LearningAction[]>;
  listForCase(caseId: string): Promise<LearningAction[]>;
  /** Open actions due on or before `date` (YYYY-MM-DD). */
  listOpenDueBy(date: string, limit: number): Promise<LearningAction[]>;
}

/** The read model reports query (reporting/grievance-log.ts): each case's facts, kept with every save of the case. */
export interface ReportStore {
  /** The facts of the cases received in [from, to] (ISO instants), in no particular order. */
  caseFactsReceived(from: string, to: string): Promise<CaseFacts[]>;
  /** The facts of every case not closed now. */
  openCaseFacts(): Promise<CaseFacts[]>;
  /** The facts of the cases closed in [from, to] (ISO instants), in no particular order. */
  caseFactsClosed(from: string, to: string): Promise<CaseFacts[]>;
}

/** Dashboard counters (reporting/statistics.ts), added after the events they count. */
export interface StatisticsStore {
  add(tallies: Tally[]): Promise<void>;
  /** Counters of the given periods (missing periods are left out). */
  getStatistics(periods: string[]): Promise<PeriodStats[]>;
  /** The largest `limit` labels of a dimension in a period. */
  getBreakdown(period: string, dimension: BreakdownDimension, limit: number): Promise<Breakdown>;
}

export interface StaffMember extends StaffRef {
  roles: Role[];
  phone?: string;
  /** False once the identity provider no longer has them in a staff group: kept for past cases, not assignable. */
  active?: boolean;
  /** Away, and who covers their cases meanwhile (access/cover.ts). */
  away?: Absence;
}

/** Someone away: their cover works their cases and steps through the last day (inclusive, the hospital's date). */
export interface Absence {
  coverId: string;
  coverName: string;
  /** The last day away, YYYY-MM-DD in the hospital's time zone. */
  until: string;
  setBy: string;
  setAt: string;
}

export interface StaffDirectory {
  get(userId: string): Promise<StaffMember | undefined>;
  /** The active members, by name; with `includeInactive`, those no longer in a staff group too. */
  list(options?: { includeInactive?: boolean }): Promise<StaffMember[]>;
  /**
   * Records who a member of staff is (name, email, roles, active) as the identity provider or a verified token
   * says; never changes their absence.
   */
  upsert(member: StaffMember): Promise<void>;
  /** Records or (undefined) ends an absence; false when there is no such member. */
  setAway(userId: string, away: Absence | undefined): Promise<boolean>;
  /** Who `coverId` covers on `today` (YYYY-MM-DD): the people away whose absence has not ended. */
  listCovered(coverId: string, today: string): Promise<string[]>;
}

/** The hospital's lists (hospital/hospital-lists.ts): one record, changed as a whole, each change kept. */
export interface HospitalListStore {
  get(): Promise<HospitalLists | undefined>;
  /** Saves the lists if they are still at `expectedVersion`, with the change, in one transaction; false if not. */
  save(lists: HospitalLists, expectedVersion: number, change: ListChange): Promise<boolean>;
  /** The latest changes, newest first. */
  recentChanges(limit: number): Promise<ListChange[]>;
}

/** One saved change of a managed document: who, when, and the document before and after. */
export interface DocumentChange {
  at: string;
  by: string;
  byName: string;
  /** The version the change made. */
  version: number;
  before: unknown;
  after: unknown;
}

/**
 * Documents managers edit as a whole, such as the code lists (coding/code-lists.ts) and the letter templates
 * (letters/templates.ts): each under its name, versioned, every change kept.
 */
export interface VersionedDocuments {
  get<T extends { version: number }>(name: string): Promise<T | undefined>;
  /** Saves the document if it is still at `expectedVersion`, with the change, in one transaction; false if not. */
  save<T extends { version: number }>(
    name: string,
    document: T,
    expectedVersion: number,
    change: DocumentChange,
  ): Promise<boolean>;
  /** The latest changes of a document, newest first. */
  recentChanges(name: string, limit: number): Promise<DocumentChange[]>;
}

/* ---------------------------------------------------------------- mail and files */

export interface OutboundEmail {
  to: string;
  /** Where replies go: for complainants, the case's own address, so replies thread back. */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. Auto-Submitted on automatic messages (RFC 3834). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the RFC 5322 Message-ID the recipient sees (angle brackets included), for threading. */
  send(email: OutboundEmail): Promise<{ messageId: string }>;
}

/** Raw inbound mail and stored attachments (S3 in AWS, KMS-encrypted). */
export interface BlobStore {
  getRawMail(key: string): Promise<Buffer>;
  putAttachment(key: string, content: Buffer, contentType: string): Promise<void>;
  /** A short-lived link that downloads the attachment (never shown inline, so stored HTML cannot run). */
  attachmentDownloadUrl(key: string, filename: string, contentType: string): Promise<string>;
}

/** Files from the web form, uploaded straight to storage with a grant bound to one key, type and size. */
export interface UploadStore {
  grant(
    key: string,
    contentType: string,
    maxBytes: number,
    expiresSeconds: number,
  ): Promise<{
    url: string;
    fields: Record<string, string>;
  }>;
  /** Size, stored type and the first bytes of an uploaded object; undefined when it is not there. */
  inspect(key: string, headBytes: number): Promise<{ size: number; head: Buffer } | undefined>;
  /**
   * Copies exactly the scanned version of an upload to `target` (a key no upload grant can write). 'changed' when
   * the key no longer holds that version: the grant was used again after the scan, and the new version has a scan
   * of its own coming.
   */
  keepScanned(upload: ScannedObject, target: string): Promise<'copied' | 'changed'>;
}

/** One version of an uploaded object, as the malware scan names it. */
export interface ScannedObject {
  key: string;
  /** The bucket is versioned in AWS; the local S3 stand-in has no versions, only ETags. */
  versionId?: string;
  eTag?: string;
}

/** The identity provider's staff: the members of its staff groups (Cognito in AWS, the dev users locally). */
export interface IdentityProvider {
  listStaffMembers(): Promise<StaffMember[]>;
}

/* ---------------------------------------------------------------- staff sessions */

/** The last request of each staff sign-in (access/sessions.ts). */
export interface StaffSessions {
  /**
   * Records a request of the session at `at`; false, and nothing recorded, when its previous request was more
   * than `idleSeconds` earlier (the session has ended). The record is kept `keepSeconds` after the last request.
   */
  touch(sessionId: string, at: Date, idleSeconds: number, keepSeconds: number): Promise<boolean>;
}

/* ---------------------------------------------------------------- change history */

/** Write-once storage for the table's change history (history/archive-changes.ts). */
/** Files for analysis outside Liaison (reporting/export-case-facts.ts): written whole, replaced by the next run. */
export interface ReportExports {
  put(key: string, body: string, contentType: string): Promise<void>;
}

export interface ChangeArchive {
  /** Keeps the change under its id; a change already kept is left as it is (no error, no second copy). */
  keep(change: ArchivedChange): Promise<void>;
}

/* ---------------------------------------------------------------- workflow */

export interface StartedExecution {
  executionArn: string;
  /** The execution had already run under this name and ended: its first step will never record the start now. */
  ended?: boolean;
}

export interface CaseWorkflow {
  /** Starts the case's review execution; idempotent by execution name. */
  startCaseReview(caseId: string, executionName: string): Promise<StartedExecution>;
  /**
   * Hands a human step's outcome to the waiting execution. False when the token is no longer current (the wait
   * was re-armed by a clock event, or the execution closed): the next arm delivers the recorded outcome.
   */
  completeStep(taskToken: string, outcome: StepOutcome): Promise<boolean>;
  /** Fails the waiting step with a named error (e.g. the case was withdrawn); false for a stale token. */
  failStep(taskToken: string, error: string, cause: string): Promise<boolean>;
  /** Stops an execution that may still be running (a superseded review); nothing when it has ended. */
  stopReview(executionName: string, cause: string): Promise<void>;
}
