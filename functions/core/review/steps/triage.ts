/**
 * "Wait for triage" completed: a coordinator confirms the type and priority and assigns a representative,
 * resolves the case at first contact, closes it as a duplicate, or records that it was withdrawn.
 */
import * as z from 'zod';
import { CASE_TYPES, type CaseRecord, closeCase } from '../../case/case';
import type { AuditDraft } from '../../case/change-case';
import type { Deps } from '../../dependencies';
import { RuleViolationError } from '../../errors';
import { isWritten, SAFETY_RULE } from '../../intake/classification';
import { REFERENCE_PATTERN } from '../../intake/reference';
import { triagedBreakdowns } from '../../reporting/statistics';
import { policyOf, timeZoneOf } from '../../sla/case-clock';
import { computeDeadlines } from '../../sla/sla-policies';
import { requiredText } from '../../validation';
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
      /** Required when a grievance becomes another type. */
      reason: requiredText('The reason', 2000).optional(),
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
  deps: Deps<'staff' | 'references' | 'settings'>,
  record: CaseRecord,
  decision: z.output<typeof TriageDecision>,
  { actor, now }: DecisionContext,
): Promise<StepResult> {
  const at = now.toISOString();
  const audit: AuditDraft[] = [];
  assertWithinTheGrievanceGate(record, decision);
  switch (decision.outcome) {
    case 'assign': {
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
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
      if (decision.priority === 'expedited') {
        const expedited = computeDeadlines(
          policyOf(record),
          new Date(record.receivedAt),
          timeZoneOf(record, deps.settings),
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
        detail: {
          type: decision.type,
          priority: decision.priority,
          assigneeId: assignee.userId,
          // The reason itself is on the case (staff's words); the audit says that a grievance was retyped.
          ...(decision.type !== record.classification.kind
            ? { retypedFrom: record.classification.kind }
            : {}),
        },
      });
      return {
        record,
        outcome: { outcome: 'assign' },
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
  if (decision.type === 'complaint' && (written || safety)) {
    throw new RuleViolationError(rule, [{ field: 'type', message: `${rule} It cannot become a complaint.` }]);
  }
  if (decision.type !== 'grievance' && !decision.reason) {
    throw new RuleViolationError('Say why this grievance is another type of case.', [
      { field: 'reason', message: `Give the reason it is a ${decision.type}, not a grievance.` },
    ]);
  }
}
