/**
 * What every step of the tracks other than the formal review shares (review/tracks.ts): sending the case back to
 * triage with a reason (a concern that turns out a grievance, a billing question that is about rights under
 * 42 CFR 489 ...), and finishing the track, which closes the case with what it came to.
 */
import * as z from 'zod';
import {
  type CaseRecord,
  type CaseType,
  caseTypeOf,
  closeCase,
  type TrackResult,
  type TrackStep,
} from '../../case/case';
import type { Deps } from '../../dependencies';
import { monthOf, slaCounters } from '../../reporting/statistics';
import { clockOf, policyOf } from '../../sla/case-clock';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';

export const Retrack = z.strictObject({
  outcome: z.literal('retrack'),
  reason: requiredText('Why the case goes back to triage', 2000),
});

/** Words for the person, sent as the closing letter the way they asked to be written to. */
export const reply = requiredText('The reply', 10_000).optional();

/** Back to triage, which decides the track again: the move and its reason are kept and audited. */
export function retrack(
  deps: Deps<'settings'>,
  record: CaseRecord,
  step: TrackStep,
  reason: string,
  { actor, now }: DecisionContext,
): StepResult {
  const at = now.toISOString();
  const from = caseTypeOf(record) as CaseType;
  record.trackMoves = [...(record.trackMoves ?? []), { at, by: actor.userId, from, reason }];
  // Triage gets its own time again, rather than being overdue from the case's arrival.
  const triage = policyOf(record).triage;
  record.deadlines = {
    ...record.deadlines,
    triage: { dueAt: clockOf(record, deps.settings).add(now, triage).toISOString(), source: triage.source },
  };
  return {
    record,
    outcome: { outcome: 'retrack' },
    audit: [{ type: 'case.retracked', actor: actor.userId, detail: { from, step } }],
  };
}

/** The track is done: the case closes with its result, measured against the track's deadline. */
export function finishTrack(
  deps: Deps<'settings'>,
  record: CaseRecord,
  finish: { step: TrackStep; result: TrackResult; summary: string; reply?: string; passedTo?: string },
  { actor, now }: DecisionContext,
): StepResult {
  const at = now.toISOString();
  record.trackResult = {
    step: finish.step,
    result: finish.result,
    summary: finish.summary,
    ...(finish.reply ? { reply: finish.reply } : {}),
    ...(finish.passedTo ? { passedTo: finish.passedTo } : {}),
    by: actor.userId,
    at,
  };
  closeCase(record, { outcome: finish.result, closedBy: actor.userId, closedAt: at });
  const { timeZone } = deps.settings;
  return {
    record,
    outcome: { outcome: 'done' },
    audit: [
      { type: 'case.closed', actor: actor.userId, detail: { outcome: finish.result, step: finish.step } },
    ],
    counters: [
      ...slaCounters('respond', record, now, timeZone),
      ...slaCounters('resolve', record, now, timeZone),
      { period: monthOf(now, timeZone), increments: { [`outcome:${finish.result}`]: 1 } },
    ],
  };
}

/** "Wait for the concern" and "Wait for the appointment": resolved (what was done), or back to triage. */
export const ResolutionDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('resolved'),
      summary: requiredText('What was done', 4000),
      reply,
    }),
    Retrack,
  ],
  { error: 'Choose resolved or retrack.' },
);

export function decideResolution(
  deps: Deps<'settings'>,
  record: CaseRecord,
  step: Extract<TrackStep, 'concern' | 'appointment'>,
  decision: z.output<typeof ResolutionDecision>,
  context: DecisionContext,
): StepResult {
  if (decision.outcome === 'retrack') return retrack(deps, record, step, decision.reason, context);
  return finishTrack(
    deps,
    record,
    { step, result: 'resolved', summary: decision.summary, reply: decision.reply },
    context,
  );
}
