/**
 * Coding a case (issue 15 §3): its HCAT severities, stage of care and harm, and what a KO41a-style return counts
 * (subject areas, several per case; the service area; staff groups; whether the complainant is the patient or
 * someone on their behalf; the patient's age band, derived from the date of birth, never the date itself). Coded
 * at triage, at closure, or any time in between by those who work the case; each coding records the version of
 * the lists it used. A formal complaint closes only when coded (review/steps/closure.ts).
 */
import * as z from 'zod';
import { type Actor, assertMayWorkOn } from '../access/roles';
import type { CaseRecord } from '../case/case';
import { type AuditDraft, changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import { definedOnly } from '../objects';
import {
  activeCode,
  ageBandOf,
  type Code,
  type CodeLists,
  HARM_LEVELS,
  HCAT_SEVERITY,
  readCodeLists,
} from './code-lists';

const code = z
  .string({ error: 'Give a code.' })
  .trim()
  .min(1, 'Give a code.')
  .max(60, 'At most 60 characters.');
const codes = (label: string) =>
  z.array(code).min(1, `Give at least one ${label}.`).max(10, `At most ten ${label}s.`);

export const CodingInput = z.strictObject(
  {
    hcat: z
      .strictObject({
        /** Severity 0-3 by HCAT category code; a category left out is 0 (not present). */
        severities: z.record(
          code,
          z
            .number()
            .int()
            .min(0)
            .max(HCAT_SEVERITY.length - 1),
        ),
        stageOfCare: code,
        harm: z
          .number()
          .int()
          .min(0)
          .max(HARM_LEVELS.length - 1),
      })
      .optional(),
    subjects: codes('subject area').optional(),
    serviceArea: code.optional(),
    professions: codes('staff group').optional(),
    complainantStatus: code.optional(),
  },
  { error: 'Give the coding as {hcat?, subjects?, serviceArea?, professions?, complainantStatus?}.' },
);
export type CodingInput = z.output<typeof CodingInput>;

export interface CaseCoding {
  /** The code lists' version the case was last coded with. */
  listsVersion: number;
  hcat?: { severities: Record<string, number>; stageOfCare: string; harm: number };
  subjects?: string[];
  serviceArea?: string;
  professions?: string[];
  complainantStatus?: string;
  /** From the patient's date of birth at receipt, through the lists' age bands; absent when no band covers it. */
  ageBand?: string;
  codedBy: string;
  codedAt: string;
}

/**
 * The case coded with `input` over what it had: each field given replaces that field, codes must be offered on
 * the lists, the age band is derived again, and the complainant's status defaults from how they relate to the
 * patient. Field errors name the path under `prefix` (`coding.` inside a step's decision).
 */
export function applyCoding(
  record: CaseRecord,
  input: CodingInput,
  lists: CodeLists,
  by: { actor: Actor; now: Date; prefix?: string },
): { coding: CaseCoding; audit: AuditDraft } {
  const prefix = by.prefix ?? '';
  const errors: { field: string; message: string }[] = [];
  // A code the case already carries stays valid after it is retired: the case keeps it until it is recoded.
  const before = record.coding;
  const carried = new Set([
    ...Object.keys(before?.hcat?.severities ?? {}),
    before?.hcat?.stageOfCare,
    ...(before?.subjects ?? []),
    before?.serviceArea,
    ...(before?.professions ?? []),
    before?.complainantStatus,
  ]);
  const check = (field: string, list: Code[], value: string | undefined, what: string) => {
    if (
      value !== undefined &&
      !activeCode(list, value) &&
      !(carried.has(value) && list.some((entry) => entry.code === value))
    ) {
      errors.push({ field: `${prefix}${field}`, message: `"${value}" is not a ${what} on the code lists.` });
    }
  };
  if (input.hcat) {
    for (const category of Object.keys(input.hcat.severities)) {
      check(`hcat.severities.${category}`, lists.hcat.categories, category, 'HCAT category');
    }
    check('hcat.stageOfCare', lists.hcat.stagesOfCare, input.hcat.stageOfCare, 'stage of care');
  }
  for (const [index, each] of (input.subjects ?? []).entries()) {
    check(`subjects.${index}`, lists.subjects, each, 'subject area');
  }
  check('serviceArea', lists.serviceAreas, input.serviceArea, 'service area');
  for (const [index, each] of (input.professions ?? []).entries()) {
    check(`professions.${index}`, lists.professions, each, 'staff group');
  }
  check('complainantStatus', lists.ko41a.statuses, input.complainantStatus, 'complainant status');
  if (errors.length > 0) throw new RuleViolationError('The coding names codes that are not offered.', errors);

  const relationship = record.complaint.complainant.relationship;
  const impliedStatus =
    relationship === 'self' ? 'patient' : relationship === 'unknown' ? undefined : 'on-behalf';
  const coding: CaseCoding = definedOnly({
    listsVersion: lists.version,
    hcat: input.hcat
      ? {
          ...input.hcat,
          // Zeros are "not present": only what is present is kept.
          severities: Object.fromEntries(
            Object.entries(input.hcat.severities).filter(([, severity]) => severity > 0),
          ),
        }
      : before?.hcat,
    subjects: input.subjects ? [...new Set(input.subjects)] : before?.subjects,
    serviceArea: input.serviceArea ?? before?.serviceArea,
    professions: input.professions ? [...new Set(input.professions)] : before?.professions,
    complainantStatus: input.complainantStatus ?? before?.complainantStatus ?? impliedStatus,
    ageBand: ageBandOf(lists, record.complaint.patient?.dateOfBirth, record.receivedAt)?.code,
    codedBy: by.actor.userId,
    codedAt: by.now.toISOString(),
  });
  return {
    coding,
    // Codes only: no words of the complaint, no date of birth.
    audit: {
      type: 'case.coded',
      actor: by.actor.userId,
      detail: { fields: Object.keys(input).join(','), listsVersion: lists.version },
    },
  };
}

/** What a formal complaint still needs coded before it closes, as field errors under `prefix`. */
export function codingGaps(
  coding: CaseCoding | undefined,
  prefix = 'coding.',
): { field: string; message: string }[] {
  const gaps: { field: string; message: string }[] = [];
  if (!coding?.hcat)
    gaps.push({ field: `${prefix}hcat`, message: 'Code the HCAT severities, stage of care and harm.' });
  if (!coding?.subjects?.length)
    gaps.push({ field: `${prefix}subjects`, message: 'Give at least one subject area.' });
  if (!coding?.serviceArea) gaps.push({ field: `${prefix}serviceArea`, message: 'Give the service area.' });
  if (!coding?.professions?.length)
    gaps.push({ field: `${prefix}professions`, message: 'Give at least one staff group.' });
  if (!coding?.complainantStatus) {
    gaps.push({
      field: `${prefix}complainantStatus`,
      message: 'Say whether the complainant is the patient.',
    });
  }
  return gaps;
}

/** `PUT /api/cases/{id}/coding`: those who work the case code it, before or after it closes. */
export async function codeCase(
  deps: Deps<'cases' | 'documents' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; coding: CodingInput },
): Promise<{ coding: CaseCoding }> {
  const lists = await readCodeLists(deps);
  return changeCase(deps, input.caseId, async (record, now) => {
    assertMayWorkOn(input.actor, record);
    const { coding, audit } = applyCoding(record, input.coding, lists, { actor: input.actor, now });
    record.coding = coding;
    return { record, audit: [audit], result: { coding } };
  });
}
