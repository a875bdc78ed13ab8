/**
 * "Wait for triage" completed: a coordinator confirms the type and priority and assigns a representative,
 * resolves the case at first contact, closes it as a duplicate, or records that it was withdrawn.
 */
import * as z from 'zod';
import { CASE_TYPES, type CaseRecord, closeCase } from '../../case/case';
import type { AuditDraft } from '../../case/change-case';
import { applyCoding, CodingInput } from '../../coding/case-coding';
import { readCodeLists } from '../../coding/code-lists';
import type { Deps } from '../../dependencies';
import { RuleViolationError } from '../../errors';
import { isWritten, SAFETY_RULE } from '../../intake/classification';
import { REFERENCE_PATTERN } from '../../intake/reference';
import { triagedBreakdowns } from '../../reporting/statistics';
import { clockOf, policyOf, timeZoneOf } from '../../sla/case-clock';
import { trackStepDue } from '../../sla/clock-events';
import { computeDeadlines } from '../../sla/sla-policies';
import { isoDate, requiredText } from '../../validation';
import { TRACK_OF_TYPE, TRACK_RULES } from '../tracks';
import type { DecisionContext, StepResult } from './step-result';

export const TriageDecision = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('assign'),
      type: z.enum(CASE_TYPES, { error: `Choose one of: ${CASE_TYPES.join(', ')}.` }),
      category: requiredText('Category', 100),
      priority: z.enum(['routine', 'urgent', 'expedited'], { error: 'Choose routine, urgent or expedited.' }),
      facility: requiredText('Facility', 200).optional(),
      department: requiredText('Department', 200).optional(),
      assigneeId: requiredText('The representative to assign', 200),
      /** Required when a grievance becomes another type, or a case moves from the track it was on. */
      reason: requiredText('The reason', 2000).optional(),
      /** Lost property: what was lost, where and when (required for that type). */
      property: z
        .strictObject({
          item: requiredText('What was lost', 300),
          whereLost: requiredText('Where it was lost', 300),
          whenLost: isoDate.optional(),
        })
        .optional(),
      /** Billing: whether a Medicare beneficiary complains about rights under 42 CFR 489 (then a grievance). */
      medicareRights: z.boolean().optional(),
      /** The coding known at triage (coding/case-coding.ts); the rest can follow until closure. */
      coding: CodingInput.optional(),
    }),
    z.strictObject({
      outcome: z.literal('resolve-at-first-contact'),
      summary: requiredText('A summary', 4000),
    }),
    z.strictObject({
      outcome: z.literal('duplicate'),
      duplicateOf: z.string().regex(REFERENCE_PATTERN, 'Give the reference of the original case.'),
    }),
    z.strictObject({ outcome: z.literal('withdrawn'), reason: requiredText('The reason', 2000) }),
  ],
  { error: 'Choose what to do: assign, resolve-at-first-contact, duplicate or withdrawn.' },
);

export async function decideTriage(
  deps: Deps<'staff' | 'references' | 'settings' | 'documents'>,
  record: CaseRecord,
  decision: z.output<typeof TriageDecision>,
  { actor, now }: DecisionContext,
): Promise<StepResult> {
  const at = now.toISOString();
  const audit: AuditDraft[] = [];
  assertWithinTheGrievanceGate(record, decision);
  switch (decision.outcome) {
    case 'assign': {
      assertTrackRules(record, decision);
      const track = TRACK_OF_TYPE[decision.type];
      const previousType = record.triage?.type;
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
        department: decision.department ?? TRACK_RULES[track].routedTo,
        decidedBy: actor.userId,
        decidedAt: at,
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
      if (decision.property && !record.property) {
        record.property = {
          ...decision.property,
          status: 'searching',
          log: [
            {
              at,
              by: actor.userId,
              event: 'logged',
              note: `Reported lost at ${decision.property.whereLost}.`,
            },
          ],
        };
      }
      const firstStep = TRACK_RULES[track].firstStep;
      if (firstStep !== 'investigation') {
        // The track's own clock (the SLA policy's `tracks`) is when the person is owed an answer.
        record.deadlines = {
          ...record.deadlines,
          respond: trackStepDue(record, firstStep, now, policyOf(record), clockOf(record, deps.settings)),
        };
      } else if (decision.priority === 'expedited' || (record.trackMoves?.length ?? 0) > 0) {
        // Expedited, or back from another track: the response is due as the policy counts it from receipt.
        const expedited = decision.priority === 'expedited';
        const { respond } = computeDeadlines(
          policyOf(record),
          new Date(record.receivedAt),
          timeZoneOf(record, deps.settings),
          { timeScale: record.timeScale ?? 1, expedited },
        );
        record.deadlines = { ...record.deadlines, respond };
        if (expedited) {
          audit.push({
            type: 'deadlines.expedited',
            actor: actor.userId,
            detail: { respondBy: respond.dueAt },
          });
        }
      }
      if (decision.coding) {
        const coded = applyCoding(record, decision.coding, await readCodeLists(deps), {
          actor,
          now,
          prefix: 'coding.',
        });
        record.coding = coded.coding;
        audit.push(coded.audit);
      }
      audit.push({
        type: 'case.triaged',
        actor: actor.userId,
        detail: {
          type: decision.type,
          priority: decision.priority,
          assigneeId: assignee.userId,
          // The reason itself is on the case (staff's words); the audit says that a grievance was retyped.
          ...(decision.type !== (previousType ?? record.classification.kind)
            ? { retypedFrom: previousType ?? record.classification.kind }
            : {}),
          track,
        },
      });
      return {
        record,
        outcome: track === 'formal' ? { outcome: 'assign' } : { outcome: 'track', track },
        audit,
        counters: triagedBreakdowns(record.triage, now, deps.settings.timeZone),
      };
    }
    case 'resolve-at-first-contact': {
      record.triage = {
        type: 'complaint',
        category: record.complaint.category ?? 'general',
        priority: 'routine',
        decidedBy: actor.userId,
        decidedAt: at,
        resolvedAtFirstContact: { summary: decision.summary },
      };
      return {
        record,
        outcome: { outcome: 'resolve-at-first-contact' },
        audit,
        counters: triagedBreakdowns(record.triage, now, deps.settings.timeZone),
      };
    }
    case 'duplicate': {
      const original = await deps.references.findCaseIdByReference(decision.duplicateOf);
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
    case 'withdrawn': {
      closeCase(record, {
        outcome: 'withdrawn',
        reason: decision.reason,
        closedBy: actor.userId,
        closedAt: at,
      });
      audit.push({ type: 'case.withdrawn', actor: actor.userId });
      return { record, outcome: { outcome: 'withdrawn' }, audit };
    }
  }
}

/**
 * The grievance gate (CMS SOM Appendix A, 42 CFR 482.13(a)(2)): any written complaint, and any allegation of abuse,
 * neglect or a safety risk, is a grievance. It is never resolved at first contact (that is for a verbal complaint
 * resolved by staff present) nor retyped a complaint; it becomes a type that is no complaint at all (a compliment,
 * a request, lost property ...) only with a reason, kept on the case and audited. Any grievance retyped needs a
 * reason.
 */
function assertWithinTheGrievanceGate(record: CaseRecord, decision: z.output<typeof TriageDecision>): void {
  const written = isWritten(record.channel);
  const safety = record.classification.ruleId === SAFETY_RULE;
  const rule = written
    ? 'A written complaint is always a grievance (CMS SOM Appendix A, 42 CFR 482.13(a)(2)).'
    : 'An allegation of abuse, neglect or a safety risk is always a grievance (42 CFR 482.13(a)(2), (c)(3)).';
  if (decision.outcome === 'resolve-at-first-contact' && (written || safety)) {
    throw new RuleViolationError(rule, [
      {
        field: 'outcome',
        message: `${rule} Resolving at first contact is for a verbal complaint resolved by staff present.`,
      },
    ]);
  }
  if (decision.outcome !== 'assign' || record.classification.kind !== 'grievance') return;
  // A concern is a complaint handled quickly: the same gate.
  if ((decision.type === 'complaint' || decision.type === 'concern') && (written || safety)) {
    throw new RuleViolationError(rule, [
      { field: 'type', message: `${rule} It cannot become a ${decision.type}.` },
    ]);
  }
  if (decision.type !== 'grievance' && !decision.reason) {
    throw new RuleViolationError('Say why this grievance is another type of case.', [
      { field: 'reason', message: `Give the reason it is a ${decision.type}, not a grievance.` },
    ]);
  }
}

/**
 * What a track needs at triage: a move from the track a case was on needs a reason (audited); lost property
 * needs what, where and when; and a Medicare beneficiary's billing complaint about rights under 42 CFR 489 is a
 * grievance, never a billing question (42 CFR 482.13(a)(2), CMS SOM Appendix A).
 */
function assertTrackRules(
  record: CaseRecord,
  decision: Extract<z.output<typeof TriageDecision>, { outcome: 'assign' }>,
): void {
  const previous = record.triage?.type;
  if (previous && previous !== decision.type && !decision.reason) {
    throw new RuleViolationError('Say why the case moves to another track.', [
      { field: 'reason', message: `Give the reason it is a ${decision.type}, no longer a ${previous}.` },
    ]);
  }
  if (decision.type === 'lost-property' && !decision.property && !record.property) {
    throw new RuleViolationError('Lost property needs what was lost and where.', [
      { field: 'property.item', message: 'Say what was lost.' },
      { field: 'property.whereLost', message: 'Say where it was lost.' },
    ]);
  }
  if (decision.type === 'billing' && decision.medicareRights && record.slaPolicy !== 'uk-nhs') {
    const rule =
      "A Medicare beneficiary's billing complaint about rights under 42 CFR 489 is a grievance (42 CFR 482.13(a)(2), CMS SOM Appendix A).";
    throw new RuleViolationError(rule, [{ field: 'type', message: `${rule} Choose grievance.` }]);
  }
}
