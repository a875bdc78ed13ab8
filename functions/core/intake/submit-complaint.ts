/**
 * Intake: a complaint becomes a case.
 *
 * Primary course: validate (done by the caller with ComplaintInput) -> classify -> take a reference -> write
 * the case with its deadlines, its first audit events and the idempotency record in one transaction -> start the
 * review workflow (named after the caseId, so starting twice is harmless) -> answer with the reference.
 *
 * The case is born "awaiting workflow"; the workflow's first step ("Open the case") records that it runs. If the
 * workflow cannot be started right now the case is still safely stored, and the sweeper
 * (handlers/ops/start-pending-workflows) or any retry of the same request starts it later.
 */

import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { type AuditEvent, type CaseRecord, executionNameFor } from '../case/case';
import { recordTallies } from '../case/change-case';
import type { Deps, Settings } from '../dependencies';
import { IdempotencyKeyReusedError, IdempotencyKeyTakenError } from '../errors';
import { type HospitalLists, readLists, rulesFor } from '../hospital/hospital-lists';
import type { IdempotencyRecord } from '../ports';
import { receivedCounters } from '../reporting/statistics';
import { deadlinesSet, firstDeadlines } from '../sla/case-clock';
import { classify, type IntakeChannel } from './classification';
import type { ComplaintInput } from './complaint';
import { ComplaintInput as ComplaintSchema } from './complaint';
import { formatReference } from './reference';

/** Intake's ports: the case store and what it writes with a case, the workflow it starts. */
export type IntakeDependencies = Deps<
  | 'cases'
  | 'lists'
  | 'references'
  | 'intakeIdempotency'
  | 'statistics'
  | 'workflow'
  | 'clock'
  | 'ids'
  | 'settings'
  | 'observe'
>;

/** A coordinator opens a case for a phone call, a walk-in or a letter (the same intake rules as the web). */
export const StaffCaseRequest = z.strictObject({
  complaint: ComplaintSchema,
  channel: z.enum(['phone', 'walk-in', 'letter'], { error: 'Choose phone, walk-in or letter.' }),
  resolvedAtFirstContact: z.boolean().default(false),
});

export interface IntakeRequest {
  complaint: ComplaintInput;
  channel: IntakeChannel;
  /** Who recorded it: `complainant` for self-service channels, the staff member's id otherwise. */
  actor: string;
  /** Verbal complaints only: the staff present resolved it there and then (CMS: a complaint, not a grievance). */
  resolvedAtFirstContact?: boolean;
  idempotencyKey?: string;
}

export interface IntakeResult {
  caseId: string;
  reference: string;
  receivedAt: string;
  /** True when this answers a retry of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** A stable hash of the validated complaint: key order and whitespace in the raw body do not matter. */
export function hashComplaint(complaint: ComplaintInput, channel: IntakeChannel): string {
  return createHash('sha256').update(canonicalJson({ channel, complaint })).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function submitComplaint(
  deps: IntakeDependencies,
  request: IntakeRequest,
): Promise<IntakeResult> {
  const requestHash = hashComplaint(request.complaint, request.channel);
  // No read of the idempotency key first: the transaction below refuses a key already taken, and only then is the
  // earlier answer read (a repeated request costs a reference number, which leaves a gap; a first one saves a read).
  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  const caseId = deps.ids.newId();
  const year = DateTime.fromJSDate(now, { zone: deps.settings.timeZone }).year;
  const [sequence, lists] = await Promise.all([
    deps.references.nextReferenceSequence(deps.settings.referencePrefix, year),
    readLists(deps),
  ]);
  const reference = formatReference(deps.settings.referencePrefix, year, sequence);
  const classification = classify({
    channel: request.channel,
    description: request.complaint.description,
    resolvedAtFirstContact: request.resolvedAtFirstContact,
  });

  // The rules of the facility it is about, recorded so that a later change of the lists never moves its clocks.
  const rules = rulesOf(lists, request.complaint.facility, deps.settings);
  const first = firstDeadlines({ ...rules, receivedAt }, deps.settings);
  const record: CaseRecord = {
    caseId,
    reference,
    receivedAt,
    channel: request.channel,
    stage: 'intake',
    complaint: request.complaint,
    classification,
    ...rules,
    ...first,
    workflow: { executionName: executionNameFor(caseId) },
    version: 1,
  };
  const audit: AuditEvent[] = [
    {
      caseId,
      at: receivedAt,
      eventId: deps.ids.newId(),
      type: 'case.received',
      actor: request.actor,
      detail: { channel: request.channel, reference },
    },
    {
      caseId,
      at: receivedAt,
      eventId: deps.ids.newId(),
      type: 'case.classified',
      actor: 'system',
      detail: { kind: classification.kind, priority: classification.priority, ruleId: classification.ruleId },
    },
    { caseId, at: receivedAt, eventId: deps.ids.newId(), ...deadlinesSet(record, first.deadlines) },
  ];
  const idempotency: IdempotencyRecord | undefined = request.idempotencyKey
    ? { key: request.idempotencyKey, requestHash, caseId, reference, receivedAt }
    : undefined;

  try {
    await deps.cases.createCase({ record, audit, idempotency });
  } catch (error) {
    if (error instanceof IdempotencyKeyTakenError && request.idempotencyKey) {
      // An earlier or concurrent request with the same key committed first: answer as it was answered.
      const winner = await deps.intakeIdempotency.findIdempotencyRecord(request.idempotencyKey);
      if (winner) return replay(deps, winner, requestHash);
    }
    throw error;
  }

  await Promise.all([
    recordTallies(deps, receivedCounters(record, now, deps.settings.timeZone)),
    startWorkflow(deps, caseId, record.workflow.executionName),
  ]);
  return { caseId, reference, receivedAt, replayed: false };
}

async function replay(
  deps: IntakeDependencies,
  earlier: IdempotencyRecord,
  requestHash: string,
): Promise<IntakeResult> {
  if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  // The first attempt may have stored the case but failed before the workflow started: finish its work.
  const stored = await deps.cases.getCase(earlier.caseId);
  if (stored && !stored.workflow.startedAt) {
    await startWorkflow(deps, earlier.caseId, stored.workflow.executionName);
  }
  return {
    caseId: earlier.caseId,
    reference: earlier.reference,
    receivedAt: earlier.receivedAt,
    replayed: true,
  };
}

/**
 * Starts the case's review workflow; its first step records that it runs. Failures are reported, not thrown: the
 * case is stored and stays on the "awaiting workflow" index until a later attempt succeeds.
 */
export async function startWorkflow(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'observe'>,
  caseId: string,
  /** The case's current execution name: a reopened case has its own. */
  executionName: string,
): Promise<boolean> {
  try {
    const { executionArn, ended } = await deps.workflow.startCaseReview(caseId, executionName);
    // An execution that already ran and ended will not record its start again: record it here, so the sweeper stops.
    if (ended) await deps.cases.markWorkflowStarted(caseId, executionArn, deps.clock.now().toISOString());
    return true;
  } catch (error) {
    deps.observe.workflowStartDeferred(caseId, error);
    return false;
  }
}

/** Cases younger than this are left to the intake request that is probably still starting them. */
export const SWEEP_GRACE_MS = 60_000;
const SWEEP_BATCH = 100;

/** Starts the workflows of stored cases whose start was never confirmed. */
export async function startPendingWorkflows(
  deps: Deps<'cases' | 'workflow' | 'clock' | 'observe'>,
): Promise<{ started: number; failed: number }> {
  const before = new Date(deps.clock.now().getTime() - SWEEP_GRACE_MS).toISOString();
  const caseIds = await deps.cases.listCasesAwaitingWorkflowStart(before, SWEEP_BATCH);
  let started = 0;
  let failed = 0;
  for (const caseId of caseIds) {
    // The index is eventually consistent: the case may have started since.
    const record = await deps.cases.getCase(caseId);
    if (!record || record.workflow.startedAt) continue;
    if (await startWorkflow(deps, caseId, record.workflow.executionName)) started += 1;
    else failed += 1;
  }
  return { started, failed };
}

function rulesOf(
  lists: HospitalLists,
  facility: string | undefined,
  settings: Settings,
): Pick<CaseRecord, 'slaPolicy' | 'timeZone'> {
  const { slaPolicy, timeZone } = rulesFor(lists, facility, settings);
  return { slaPolicy, timeZone };
}
