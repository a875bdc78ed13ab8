/**
 * "Wait for the property search": lost property was found (it is then held for collection, step property-held),
 * or not found, which ends the track. Each event joins the case's property log.
 */
import * as z from 'zod';
import type { CaseRecord, LostProperty } from '../../case/case';
import type { Deps } from '../../dependencies';
import { clockOf, policyOf } from '../../sla/case-clock';
import { trackStepDue } from '../../sla/clock-events';
import { requiredText } from '../../validation';
import type { DecisionContext, StepResult } from './step-result';
import { finishTrack, Retrack, reply, retrack } from './track-step';

export const PropertySearchDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('found'),
      heldAt: requiredText('Where it is held for collection', 300),
      note: requiredText('Note', 2000).optional(),
    }),
    z.strictObject({
      outcome: z.literal('not-found'),
      summary: requiredText('Where it was looked for', 4000),
      reply,
    }),
    Retrack,
  ],
  { error: 'Choose found, not-found or retrack.' },
);

/** The case's property log, from the triage that logged the loss (an older case may have none yet). */
export function propertyOf(record: CaseRecord): LostProperty {
  record.property ??= { item: 'Not recorded', whereLost: 'Not recorded', status: 'searching', log: [] };
  return record.property;
}

export function decidePropertySearch(
  deps: Deps<'settings'>,
  record: CaseRecord,
  decision: z.output<typeof PropertySearchDecision>,
  context: DecisionContext,
): StepResult {
  const { actor, now } = context;
  if (decision.outcome === 'retrack')
    return retrack(deps, record, 'property-search', decision.reason, context);
  const property = propertyOf(record);
  const at = now.toISOString();
  if (decision.outcome === 'not-found') {
    property.status = 'not-found';
    property.log.push({ at, by: actor.userId, event: 'not-found', note: decision.summary });
    return finishTrack(
      deps,
      record,
      { step: 'property-search', result: 'not-found', summary: decision.summary, reply: decision.reply },
      context,
    );
  }
  const held = trackStepDue(record, 'property-held', now, policyOf(record), clockOf(record, deps.settings));
  property.status = 'found';
  property.heldAt = decision.heldAt;
  property.heldUntil = held.dueAt;
  property.log.push({
    at,
    by: actor.userId,
    event: 'found',
    note: decision.note ? `Held at ${decision.heldAt}. ${decision.note}` : `Held at ${decision.heldAt}.`,
  });
  return {
    record,
    outcome: { outcome: 'found' },
    audit: [{ type: 'property.found', actor: actor.userId }],
  };
}
