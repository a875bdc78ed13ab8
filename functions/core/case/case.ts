/**
 * The case: one complaint or grievance, from intake to closure. Pure data; storage lives behind CaseRepository.
 * The case record is the aggregate: every change to it, its tasks and its audit trail is saved together,
 * conditional on the version that was read.
 */
import type { CaseCoding } from '../coding/case-coding';
import type { Classification, IntakeChannel, Priority } from '../intake/classification';
import type { ComplaintInput } from '../intake/complaint';
import type { CaseDeadlines, Deadline, SlaPolicyId } from '../sla/sla-policies';

/** The steps of the tracks other than the formal review (review/tracks.ts), each on its own clock in the SLA policy. */
export const TRACK_STEPS = [
  'concern',
  'request',
  'appointment',
  'billing',
  'property-search',
  'property-held',
  'pass-on',
] as const;
export type TrackStep = (typeof TRACK_STEPS)[number];

/** The human steps of the review workflow, each a `.waitForTaskToken` state in case-review.asl.json. */
export const WORKFLOW_STEPS = [
  'triage',
  'investigation',
  'awaiting-complainant',
  'response',
  'approval',
  'closure',
  ...TRACK_STEPS,
] as const;
export type WorkflowStep = (typeof WORKFLOW_STEPS)[number];

/** Where a case is: each step while it waits there, and the moments between and after them. */
export const CASE_STAGES = ['intake', ...WORKFLOW_STEPS, 'sending', 'closed', 'withdrawn'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export function isTrackStep(step: WorkflowStep): step is TrackStep {
  return (TRACK_STEPS as readonly string[]).includes(step);
}

/** What triage confirms a case to be (a coordinator's decision, replacing the intake rule's first guess). */
export const CASE_TYPES = [
  'grievance',
  'complaint',
  'concern',
  'information-request',
  'appointment',
  'billing',
  'lost-property',
  'compliment',
  'suggestion',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CLOSURE_OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/** How a case on another track than the formal one ended (review/tracks.ts). */
export const TRACK_RESULTS = [
  'resolved',
  'provided',
  'partly-provided',
  'access-denied',
  'not-found',
  'returned',
  'disposed',
  'passed-on',
] as const;
export type TrackResult = (typeof TRACK_RESULTS)[number];

export interface StaffRef {
  userId: string;
  name: string;
  email: string;
}

export interface CaseRecord {
  caseId: string;
  reference: string;
  receivedAt: string;
  channel: IntakeChannel;
  stage: CaseStage;
  complaint: ComplaintInput;
  classification: Classification;
  /** The rules the case follows: its facility's where the hospital's lists give it some, else the deployment's. */
  slaPolicy: SlaPolicyId;
  /** The time zone its deadlines are counted in, with slaPolicy (absent on older cases: the deployment's). */
  timeZone?: string;
  /** SLA_TIME_SCALE when the case arrived, so every clock of the case runs at the same speed. */
  timeScale?: number;
  deadlines: Partial<CaseDeadlines>;
  workflow: {
    executionName: string;
    executionArn?: string;
    startedAt?: string;
    /** 0 for the first review, n for the n-th reopening. */
    run?: number;
  };
  /** Sent by email (its Message-ID), or recorded as a letter to print and mail (`channel: 'letter'`). */
  acknowledgement?: { sentAt: string; messageId?: string; channel?: 'email' | 'letter' };
  /** Set at intake when no automatic reply may go to the sender (RFC 3834, or the sender's 24-hour limit). */
  autoReply?: { suppressed: boolean; reason?: string };
  currentTask?: { taskId: string; step: WorkflowStep; openedAt: string; dueAt?: string; assigneeId?: string };
  assignee?: StaffRef;
  triage?: {
    type: CaseType;
    category: string;
    priority: Priority;
    facility?: string;
    department?: string;
    decidedBy: string;
    decidedAt: string;
    resolvedAtFirstContact?: { summary: string };
    /** Why a grievance was given another type, or a case moved from its earlier track: required, and audited. */
    reason?: string;
  };
  /** Each time a case left its track for triage again, and why (a concern that turns out a grievance ...). */
  trackMoves?: { at: string; by: string; from: CaseType; reason: string }[];
  /** When the person was told which track their case is on and by when to expect an answer (per triage). */
  trackNotice?: { sentAt: string; correspondenceId: string; triagedAt: string };
  /** What a case on another track than the formal one came to, and what the person was told. */
  trackResult?: {
    step: WorkflowStep;
    result: TrackResult;
    summary: string;
    /** Words for the person, sent as the closing letter by their contact preference. */
    reply?: string;
    /** Who the thanks or suggestion went to; the billing office or the payer. */
    passedTo?: string;
    by: string;
    at: string;
    letter?: { sentAt: string; correspondenceId: string; channel: 'email' | 'letter' };
  };
  /** Lost property: the item, where and when it was lost, where it is held, and its log. */
  property?: LostProperty;
  /** Where the complainant took the case after our answer, with the dates and outcome (review/second-stage.ts). */
  secondStages?: SecondStage[];
  investigation?: {
    stepsTaken: string;
    findings: string;
    recordedBy: string;
    recordedAt: string;
    /** Why the findings were recorded with referrals still open. */
    referralsOverride?: string;
  };
  informationRequest?: {
    requestedAt: string;
    requestedBy: string;
    /** What the representative asks the complainant; sent by the workflow. */
    message?: string;
    sentAt?: string;
    resumedAt?: string;
    resumedBy?: string;
  };
  /** Time spent waiting for the complainant, added to the response and resolution deadlines. */
  pausedMs?: number;
  extensions?: { at: string; by: string; reason: string; previousDueAt: string; newDueAt: string }[];
  draft?: {
    body: string;
    contactPerson: { name: string; contact: string };
    completionDate: string;
    draftedBy: string;
    draftedAt: string;
  };
  approval?: { approvedBy: string; approvedAt: string };
  returns?: { by: string; at: string; comments: string }[];
  /** The response as sent: by email, or as a letter, which is sent once marked posted (`postedOn`). */
  response?: {
    sentAt: string;
    channel: 'email' | 'letter';
    messageId?: string;
    correspondenceId: string;
    postedOn?: string;
  };
  /** A workflow step failed for good: the case's execution stopped and its coordinators were told. */
  needsAttention?: { at: string; error: string; execution: string };
  /** When the workflow committed to sending the approved response (a withdrawal then waits for it). */
  responseSending?: string;
  interimLetter?: { sentAt: string; expectedBy: string };
  surveySentAt?: string;
  /** The complainant's answer to the survey, from the status page (status-page/survey.ts). */
  survey?: { score: number; comment?: string; at: string };
  /** HCAT and the return's codes (coding/case-coding.ts). */
  coding?: CaseCoding;
  closure?: {
    outcome: ClosureOutcome | TrackResult | 'resolved-at-first-contact' | 'duplicate' | 'withdrawn';
    /** A root cause code of the code lists (coding/code-lists.ts). */
    rootCause?: string;
    closedBy: string;
    closedAt: string;
    duplicateOf?: string;
    reason?: string;
  };
  /**
   * Uploaded file versions whose scan result has been recorded, as `<slot>:<version>` (the slot is the index in
   * complaint.attachments for a web-form file, `staff/<uploadId>` for a staff upload). Per version: an upload grant
   * can be used again while it lasts, and every version is scanned on its own.
   */
  scannedUploads?: string[];
  /** The patient's consent or the complainant's authority to act for them (case/acting-for.ts). */
  authority?: Authority;
  /** Questions to departments, clinicians, billing offices or insurers (correspondence/referrals.ts). */
  referrals?: Referral[];
  /** Files staff add to the case (statements, scanned letters, photos), declared before they are uploaded. */
  staffUploads?: StaffUpload[];
  /** Corrections of the record, oldest first, with the values before and after (correct-case.ts). */
  corrections?: Correction[];
  /** What the case can be found by, as the case store last indexed it (search/search-terms.ts). */
  searchTerms?: string[];
  /** Received messages from others (not the complainant) that staff chose to show on the status page. */
  sharedWithComplainant?: string[];
  /** Optimistic-locking counter: every update is conditional on the version it read. */
  version: number;
}

/** One correction of the record: who, when, and each field's value before and after. */
export interface Correction {
  at: string;
  by: { userId: string; name: string };
  changes: { field: string; before: unknown; after: unknown }[];
  reason?: string;
}

/** An entry of the audit trail. Describes what happened without repeating PHI. */
export interface AuditEvent {
  caseId: string;
  at: string;
  eventId: string;
  type: string;
  actor: string;
  detail?: Record<string, string | number | boolean>;
}

export interface CorrespondenceItem {
  caseId: string;
  correspondenceId: string;
  direction: 'in' | 'out';
  /** `internal`: a note for staff only. */
  channel: 'email' | 'letter' | 'phone' | 'walk-in' | 'web' | 'internal';
  at: string;
  subject: string;
  from: string;
  to: string;
  body: string;
  messageId?: string;
  automatic: boolean;
  kind:
    | 'complaint'
    | 'acknowledgement'
    | 'message'
    | 'information-request'
    | 'extension-notice'
    | 'interim-letter'
    | 'response'
    | 'survey'
    | 'reply'
    | 'automatic-reply'
    /** A question to a department, clinician or insurer, and their answer: internal, never on the status page. */
    | 'referral'
    | 'referral-answer'
    /** The tracks other than the formal review (review/tracks.ts): where the case went, and what came of it. */
    | 'track-notice'
    | 'track-letter';
  /** Letters are produced for printing and recorded as to be mailed, until staff mark them posted. */
  status?: 'sent' | 'to-be-mailed' | 'posted';
  /** A posted letter: the day it went in the post (YYYY-MM-DD, the hospital's date), and who posted it. */
  postedOn?: string;
  postedBy?: string;
  /**
   * The whole letter, when what was emailed or posted had to leave it out because the patient's consent or the
   * complainant's authority is not settled (case/acting-for.ts): read on the status page, never sent.
   */
  heldText?: string;
  /** Inbound mail: the new part of a reply, quoted history removed (the full text stays in `body`). */
  displayBody?: string;
  /** Inbound mail: sanitized HTML, for a sandboxed frame only. */
  html?: string;
  /** Inbound mail too long to keep whole for display (mail-items.ts DISPLAY_LIMITS); the raw message has it all. */
  truncated?: boolean;
  attachments?: StoredAttachment[];
  /** Where the raw message is kept (inbound mail). */
  rawKey?: string;
}

/** A referral of the case to the Ombudsman, a State agency, the QIO or independent review, as staff learn of it. */
export interface SecondStage {
  secondStageId: string;
  /** An id of the case's policy's `secondStage` list. */
  body: string;
  /** YYYY-MM-DD. */
  referredOn: string;
  theirReference?: string;
  outcome: 'pending' | 'upheld' | 'partly-upheld' | 'not-upheld' | 'not-investigated' | 'withdrawn';
  decidedOn?: string;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/** A lost item, from the report of its loss to its return or disposal: the case's property log. */
export interface LostProperty {
  item: string;
  whereLost: string;
  /** YYYY-MM-DD, when known. */
  whenLost?: string;
  status: 'searching' | 'found' | 'not-found' | 'returned' | 'disposed';
  /** Where a found item is kept, and until when before disposal (the policy's holding period). */
  heldAt?: string;
  heldUntil?: string;
  /** When the person was told it was found. */
  toldFoundAt?: string;
  log: { at: string; by: string; event: LostProperty['status'] | 'logged'; note: string }[];
}

/** Whether someone complaining for a patient may hear about the patient's care, and on what basis. */
export interface Authority {
  status: 'pending' | 'obtained' | 'not-needed' | 'refused';
  basis?: 'patient-consent' | 'personal-representative' | 'best-interests' | 'other';
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/** A question asked of someone outside the team, answered by replying to its own address. */
export interface Referral {
  referralId: string;
  to: string;
  toName?: string;
  question: string;
  /** YYYY-MM-DD, the hospital's date. */
  dueDate: string;
  askedBy: StaffRef;
  askedAt: string;
  status: 'open' | 'answered';
  answeredAt?: string;
  /** The answers received (their correspondence ids): each message once, however often it is delivered. */
  answers?: string[];
  /** The referral's own clock (sla/clock-events.ts): reminded on its due date, escalated once it has passed. */
  remindedAt?: string;
  escalatedAt?: string;
}

/** A file a member of staff is adding to a case: it joins the case once scanned (uploads/staff-uploads.ts). */
export interface StaffUpload {
  uploadId: string;
  filename: string;
  contentType: string;
  size: number;
  /** What the file is, in the words of the person adding it ("Ward manager's statement"). */
  description: string;
  by: StaffRef;
  at: string;
}

export interface StoredAttachment {
  attachmentId: string;
  filename: string;
  contentType: string;
  size: number;
  /** Object key in the attachments bucket; absent when the type or size was refused (the raw message keeps it). */
  key?: string;
  inline: boolean;
}

/** A message no rule could place safely: kept raw, waiting for a coordinator. Quarantined ones are never shown. */
export interface HeldMessage {
  heldId: string;
  receivedAt: string;
  status: 'held' | 'quarantined' | 'placed' | 'discarded';
  reason: string;
  rawKey: string;
  from?: string;
  subject?: string;
  /** A case the message seems to belong to, for the coordinator to confirm. */
  candidateCaseId?: string;
}

/** Who works a step: the coordinators' shared queue, or the representative assigned to the case. */
export type TaskQueue = 'coordinator' | 'representative';

export interface HumanTask {
  taskId: string;
  caseId: string;
  /** The case reference, so task lists need no second read (not PHI). */
  reference: string;
  /**
   * What the task queue shows beside the reference, copied from the case when the step opens (and when it is
   * reassigned), so the queue reads one index and no case: the complainant's name, the type, the assignee's name.
   */
  summary?: { complainant: string; type: string; assignee?: string };
  step: WorkflowStep;
  status: 'open' | 'completed' | 'closed';
  queue: TaskQueue;
  assigneeId?: string;
  openedAt: string;
  dueAt?: string;
  /** The rule the due time comes from. */
  dueSource?: string;
  /** Step Functions task token of the current wait. Encrypted at rest; never returned by the API. */
  taskToken: string;
  /** Clock events already sent for this task (reminders, escalations), so none is sent twice. */
  firedEvents: string[];
  /** The outcome handed to the workflow (ids and choices only, no PHI). */
  outcome?: StepOutcome;
  completedBy?: string;
  completedAt?: string;
  /** True once the workflow has received the outcome. */
  delivered?: boolean;
}

/** What a completed step tells the state machine: its Choice states branch on `outcome`. */
export interface StepOutcome {
  outcome: string;
  /** Triage onto another track than the formal one: which (review/tracks.ts), for "Which track?". */
  track?: string;
  survey?: boolean;
  surveyDelaySeconds?: number;
}

export type { Deadline };

/** Execution names are derived from the caseId, which makes StartExecution idempotent per case. */
export function executionNameFor(caseId: string, run = 0): string {
  return run === 0 ? `case-${caseId}` : `case-${caseId}-reopen-${run}`;
}

/** The name at the end of an execution's ARN (arn:aws:states:<region>:<account>:execution:<machine>:<name>). */
export function executionNameOf(executionArn: string): string {
  return executionArn.slice(executionArn.lastIndexOf(':') + 1);
}

export function isClosed(record: CaseRecord): boolean {
  return record.stage === 'closed' || record.stage === 'withdrawn';
}

export type Closure = NonNullable<CaseRecord['closure']>;

/** Ends the case (withdrawn when the complainant withdrew it, closed otherwise); no step stays current. */
export function closeCase(record: CaseRecord, closure: Closure): void {
  record.stage = closure.outcome === 'withdrawn' ? 'withdrawn' : 'closed';
  record.closure = closure;
  record.currentTask = undefined;
}

/** Letters go by post when the complainant asked for post, or has no email address (a phone or letter case). */
export function writesByPost(record: Pick<CaseRecord, 'complaint'>): boolean {
  return record.complaint.contactPreference === 'letter' || !record.complaint.complainant.email;
}

/** Who a posted letter is for, as the envelope reads: the name and, when known, the postal address. */
export function postalRecipient(record: Pick<CaseRecord, 'complaint'>): string {
  const { name, address } = record.complaint.complainant;
  if (!address) return name;
  return [
    name,
    address.line1,
    address.line2,
    address.city,
    address.region,
    address.postalCode,
    address.country,
  ]
    .filter(Boolean)
    .join(', ');
}

/** What the case is now: the type triage decided, else the classification on arrival. */
export function caseTypeOf(record: Pick<CaseRecord, 'triage' | 'classification'>): string {
  return record.triage?.type ?? record.classification.kind;
}

/** The task queue's view of the case (HumanTask.summary), as it is now. */
export function taskSummaryOf(
  record: Pick<CaseRecord, 'complaint' | 'triage' | 'classification' | 'assignee'>,
) {
  return {
    complainant: record.complaint.complainant.name,
    type: caseTypeOf(record),
    ...(record.assignee ? { assignee: record.assignee.name } : {}),
  };
}
