/**
 * Correcting the record (issue 13 §2): the patient's identity added to an emailed case, a mistyped email fixed,
 * a postal address recorded, the contact preference, facility or department changed. Each change is a correction
 * kept on the case with who, when, and the value before and after (PHI, so on the case, not in the audit trail,
 * which names only the fields); the timeline shows it. The result must still be a valid complaint.
 */
import * as z from 'zod';
import { type Actor, assertMayWorkOn } from '../access/roles';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import {
  CONTACT_PREFERENCES,
  ComplaintInput,
  EmailAddress,
  PhoneNumber,
  PostalAddress,
  toFieldErrors,
} from '../intake/complaint';
import { requiredText } from '../validation';
import { type Correction, taskSummaryOf } from './case';
import { changeCase, currentTaskOf, loadCase } from './change-case';

const singleLine = (label: string) =>
  requiredText(label, 200).regex(
    /^[^\p{Cc}\p{Cf}\u2028\u2029]*$/u,
    `${label} must be a single line of text.`,
  );

/** `null` removes a value (an email that was never theirs); absent leaves it as it is. */
export const CorrectionRequest = z
  .strictObject({
    complainant: z
      .strictObject({
        name: singleLine("The complainant's name").optional(),
        email: EmailAddress.nullable().optional(),
        phone: PhoneNumber.nullable().optional(),
        address: PostalAddress.nullable().optional(),
      })
      .optional(),
    patient: z
      .strictObject({
        name: singleLine("The patient's name").optional(),
        dateOfBirth: z.string().nullable().optional(),
        mrn: z.string().trim().max(40).nullable().optional(),
      })
      .optional(),
    contactPreference: z
      .enum(CONTACT_PREFERENCES, { error: `Choose one of: ${CONTACT_PREFERENCES.join(', ')}.` })
      .optional(),
    facility: z.string().trim().max(200).nullable().optional(),
    department: z.string().trim().max(200).nullable().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine(
    (body) => Object.keys(body).some((field) => field !== 'reason'),
    'Give at least one field to correct.',
  );
export type CorrectionRequestBody = z.output<typeof CorrectionRequest>;

export async function correctCase(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; changes: CorrectionRequestBody },
): Promise<{ corrected: string[] }> {
  assertMayWorkOn(input.actor, await loadCase(deps.cases, input.caseId));
  return changeCase<{ corrected: string[] }>(deps, input.caseId, async (record, now) => {
    const before = record.complaint;
    const after = applied(before, input.changes);
    // The corrected complaint must still be one Liaison accepts (a way to reach them, the patient for a relative...).
    const checked = ComplaintInput.safeParse(after);
    if (!checked.success) {
      throw new RuleViolationError(
        'The corrected record would not be complete.',
        toFieldErrors(checked.error),
      );
    }
    const changes = FIELDS.map((field) => ({
      field,
      before: field.read(before),
      after: field.read(checked.data),
    }))
      .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after))
      .map(({ field, before: was, after: now }) => ({ field: field.path, before: was, after: now }));
    if (changes.length === 0) return { unchanged: { corrected: [] } };
    record.complaint = checked.data;
    const correction: Correction = {
      at: now.toISOString(),
      by: { userId: input.actor.userId, name: input.actor.name },
      changes,
      ...(input.changes.reason ? { reason: input.changes.reason } : {}),
    };
    record.corrections = [...(record.corrections ?? []), correction];
    const fields = changes.map((change) => change.field);
    // The task queue shows the complainant's name: the open step follows the corrected record.
    const task = await currentTaskOf(deps.cases, record);
    return {
      record,
      tasks: task?.status === 'open' ? [{ ...task, summary: taskSummaryOf(record) }] : [],
      // The audit trail names the fields only: the values are PHI and stay on the case.
      audit: [{ type: 'case.corrected', actor: input.actor.userId, detail: { fields: fields.join(',') } }],
      result: { corrected: fields },
    };
  });
}

type Complaint = z.output<typeof ComplaintInput>;

const FIELDS: { path: string; read: (complaint: Complaint) => unknown }[] = [
  { path: 'complainant.name', read: (c) => c.complainant.name },
  { path: 'complainant.email', read: (c) => c.complainant.email },
  { path: 'complainant.phone', read: (c) => c.complainant.phone },
  { path: 'complainant.address', read: (c) => c.complainant.address },
  { path: 'patient.name', read: (c) => c.patient?.name },
  { path: 'patient.dateOfBirth', read: (c) => c.patient?.dateOfBirth },
  { path: 'patient.mrn', read: (c) => c.patient?.mrn },
  { path: 'contactPreference', read: (c) => c.contactPreference },
  { path: 'facility', read: (c) => c.facility },
  { path: 'department', read: (c) => c.department },
];

/** The complaint with the requested changes: a value sets, null removes, absent keeps. */
function applied(complaint: Complaint, changes: CorrectionRequestBody): unknown {
  const set = <T extends object>(target: T, values: Record<string, unknown> | undefined): T => {
    const next = { ...target } as Record<string, unknown>;
    for (const [name, value] of Object.entries(values ?? {})) {
      if (value === null) delete next[name];
      else if (value !== undefined) next[name] = value;
    }
    return next as T;
  };
  const { complainant, patient, reason: _reason, ...top } = changes;
  const next = set({ ...complaint }, top);
  next.complainant = set(complaint.complainant, complainant);
  if (patient) {
    const merged = set(complaint.patient ?? ({} as NonNullable<Complaint['patient']>), patient);
    next.patient = Object.keys(merged).length > 0 ? merged : undefined;
  }
  return next;
}
