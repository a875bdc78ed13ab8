/**
 * The code lists cases are coded from (issue 15 §3): HCAT's categories and stages of care, the hospital's subject
 * areas, service areas, staff groups and root causes, the age bands, and the KO41a return's own lists with the
 * crosswalk from each local code to the return's (`returnCode`). One versioned document, changed as a whole by a
 * manager; every change kept (who, when, before and after). A code is never deleted, since cases carry it: left
 * out of a change, it is retired and no longer offered. Shipped defaults: shipped-code-lists.ts.
 */
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import type { DocumentChange } from '../ports';
import { SHIPPED_CODE_LISTS } from './shipped-code-lists';

export interface Code {
  code: string;
  name: string;
  active: boolean;
}
/** A hospital's code and the return code it counts as; none: the return is blocked while a case uses it. */
export interface MappedCode extends Code {
  returnCode?: string;
}
export const HCAT_DOMAINS = ['clinical', 'management', 'relationships'] as const;
export interface HcatCategory extends Code {
  domain: (typeof HCAT_DOMAINS)[number];
}
/** Ages in whole years at receipt, inclusive; no `fromAge`: the band for a patient whose age is not known. */
export interface AgeBand extends MappedCode {
  fromAge?: number;
  toAge?: number;
}

export interface CodeLists {
  version: number;
  /** Where the lists came from, for whoever reads a return made with them. */
  source: string;
  hcat: { categories: HcatCategory[]; stagesOfCare: Code[] };
  subjects: MappedCode[];
  serviceAreas: MappedCode[];
  professions: MappedCode[];
  rootCauses: Code[];
  ageBands: AgeBand[];
  /** The KO41a return's lists: what `returnCode`s name. */
  ko41a: { subjects: Code[]; serviceAreas: Code[]; professions: Code[]; ageBands: Code[]; statuses: Code[] };
}

/** HCAT severity per category: 0 not present, 1 low, 2 medium, 3 high (Gillespie & Reader 2016). */
export const HCAT_SEVERITY = ['not present', 'low', 'medium', 'high'] as const;
/** Harm: 0 none, 1 minimal, 2 minor, 3 moderate, 4 major, 5 catastrophic (HCAT; shared notes "reporting.md"). */
export const HARM_LEVELS = ['none', 'minimal', 'minor', 'moderate', 'major', 'catastrophic'] as const;

/** The local lists mapped to a return list, and the return list each maps to. */
export const MAPPED_LISTS = {
  subjects: 'subjects',
  serviceAreas: 'serviceAreas',
  professions: 'professions',
  ageBands: 'ageBands',
} as const;
export type MappedList = keyof typeof MAPPED_LISTS;

export const CODE_LISTS_DOCUMENT = 'code-lists';

export async function readCodeLists(deps: Deps<'documents'>): Promise<CodeLists> {
  return (await deps.documents.get<CodeLists>(CODE_LISTS_DOCUMENT)) ?? SHIPPED_CODE_LISTS;
}

/** The code's entry if it is on the list and still offered. */
export function activeCode<T extends Code>(list: T[], code: string): T | undefined {
  return list.find((entry) => entry.code === code && entry.active);
}

/** The band of a patient born on `dateOfBirth` (YYYY-MM-DD) at `at`; undefined when no band covers that age. */
export function ageBandOf(
  lists: CodeLists,
  dateOfBirth: string | undefined,
  at: string,
): AgeBand | undefined {
  if (!dateOfBirth) return lists.ageBands.find((band) => band.fromAge === undefined && band.active);
  // Whole years: a birthday not yet reached this year does not count. Dates compare as MM-DD text.
  const age =
    Number(at.slice(0, 4)) -
    Number(dateOfBirth.slice(0, 4)) -
    (at.slice(5, 10) < dateOfBirth.slice(5, 10) ? 1 : 0);
  return lists.ageBands.find(
    (band) =>
      band.active &&
      band.fromAge !== undefined &&
      age >= band.fromAge &&
      (band.toAge === undefined || age <= band.toAge),
  );
}

/** The return code a local code counts as, or undefined when it maps to nothing the return knows. */
export function returnCodeOf(lists: CodeLists, list: MappedList, code: string): string | undefined {
  const entry = (lists[list] as MappedCode[]).find((each) => each.code === code);
  const returnCode = entry?.returnCode;
  if (!returnCode) return undefined;
  return lists.ko41a[MAPPED_LISTS[list]].some((each) => each.code === returnCode) ? returnCode : undefined;
}

const codeText = z
  .string({ error: 'Give the code.' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and hyphens (at most 60).');
const nameText = z
  .string({ error: 'Give the name.' })
  .trim()
  .min(1, 'Give the name.')
  .max(200, 'Must be at most 200 characters.');
const CodeEntry = z.strictObject({ code: codeText, name: nameText, active: z.boolean().default(true) });
const MappedEntry = CodeEntry.extend({ returnCode: codeText.optional() });
const entriesOf = <T extends z.ZodType>(entry: T) => z.array(entry).max(300, 'At most 300 entries.');

export const CodeListsChange = z.strictObject({
  /** The version the manager edited: a change made meanwhile by someone else is not overwritten (409). */
  version: z.number().int().min(0),
  source: z.string().trim().min(1).max(300).optional(),
  hcat: z.strictObject({
    categories: entriesOf(CodeEntry.extend({ domain: z.enum(HCAT_DOMAINS) })),
    stagesOfCare: entriesOf(CodeEntry),
  }),
  subjects: entriesOf(MappedEntry),
  serviceAreas: entriesOf(MappedEntry),
  professions: entriesOf(MappedEntry),
  rootCauses: entriesOf(CodeEntry),
  ageBands: entriesOf(
    MappedEntry.extend({
      fromAge: z.number().int().min(0).max(130).optional(),
      toAge: z.number().int().min(0).max(130).optional(),
    }),
  ),
  ko41a: z.strictObject({
    subjects: entriesOf(CodeEntry),
    serviceAreas: entriesOf(CodeEntry),
    professions: entriesOf(CodeEntry),
    ageBands: entriesOf(CodeEntry),
    statuses: entriesOf(CodeEntry),
  }),
});
export type CodeListsChange = z.output<typeof CodeListsChange>;

const CONFLICT = 'Someone else changed the code lists meanwhile. Reload them and make your change again.';

export async function changeCodeLists(
  deps: Deps<'documents' | 'clock'>,
  input: { actor: Actor; request: CodeListsChange },
): Promise<CodeLists> {
  const { actor, request } = input;
  requireRole(actor, ['manager'], 'change the code lists');
  const before = await readCodeLists(deps);
  if (before.version !== request.version) throw new ConflictError(CONFLICT);
  const { version: _edited, ...given } = request;
  const after: CodeLists = {
    ...given,
    source: request.source ?? before.source,
    hcat: {
      categories: keepRetired(before.hcat.categories, given.hcat.categories),
      stagesOfCare: keepRetired(before.hcat.stagesOfCare, given.hcat.stagesOfCare),
    },
    subjects: keepRetired(before.subjects, given.subjects),
    serviceAreas: keepRetired(before.serviceAreas, given.serviceAreas),
    professions: keepRetired(before.professions, given.professions),
    rootCauses: keepRetired(before.rootCauses, given.rootCauses),
    ageBands: keepRetired(before.ageBands, given.ageBands),
    ko41a: {
      subjects: keepRetired(before.ko41a.subjects, given.ko41a.subjects),
      serviceAreas: keepRetired(before.ko41a.serviceAreas, given.ko41a.serviceAreas),
      professions: keepRetired(before.ko41a.professions, given.ko41a.professions),
      ageBands: keepRetired(before.ko41a.ageBands, given.ko41a.ageBands),
      statuses: keepRetired(before.ko41a.statuses, given.ko41a.statuses),
    },
    version: before.version + 1,
  };
  assertConsistent(after);
  const change: DocumentChange = {
    at: deps.clock.now().toISOString(),
    by: actor.userId,
    byName: actor.name,
    version: after.version,
    before,
    after,
  };
  if (!(await deps.documents.save(CODE_LISTS_DOCUMENT, after, before.version, change))) {
    throw new ConflictError(CONFLICT);
  }
  return after;
}

/** Every code given, in the order given; a code left out is kept, retired (cases carry it). */
function keepRetired<T extends Code>(before: T[], given: T[]): T[] {
  const kept = new Set(given.map((entry) => entry.code));
  return [
    ...given,
    ...before.filter((entry) => !kept.has(entry.code)).map((entry) => ({ ...entry, active: false })),
  ];
}

/** Codes unique in each list; a crosswalk names a code the return has; age bands that do not overlap. */
function assertConsistent(lists: CodeLists): void {
  const errors: { field: string; message: string }[] = [];
  const unique = (field: string, list: Code[]) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      if (seen.has(entry.code)) {
        errors.push({ field: `${field}.${index}.code`, message: `"${entry.code}" is already on the list.` });
      }
      seen.add(entry.code);
    });
  };
  unique('hcat.categories', lists.hcat.categories);
  unique('hcat.stagesOfCare', lists.hcat.stagesOfCare);
  unique('rootCauses', lists.rootCauses);
  for (const [list, returnList] of Object.entries(MAPPED_LISTS) as [MappedList, MappedList][]) {
    unique(list, lists[list]);
    unique(`ko41a.${returnList}`, lists.ko41a[returnList]);
    (lists[list] as MappedCode[]).forEach((entry, index) => {
      if (entry.returnCode && !lists.ko41a[returnList].some((each) => each.code === entry.returnCode)) {
        errors.push({
          field: `${list}.${index}.returnCode`,
          message: `The return has no code "${entry.returnCode}" in its ${returnList}.`,
        });
      }
    });
  }
  unique('ko41a.statuses', lists.ko41a.statuses);
  const bands = lists.ageBands.filter((band) => band.active && band.fromAge !== undefined);
  lists.ageBands.forEach((band, index) => {
    if (band.fromAge !== undefined && band.toAge !== undefined && band.toAge < band.fromAge) {
      errors.push({ field: `ageBands.${index}.toAge`, message: 'The band ends before it starts.' });
    }
    if (band.fromAge === undefined && band.toAge !== undefined) {
      errors.push({ field: `ageBands.${index}.fromAge`, message: 'Give the age the band starts at.' });
    }
    const overlapping = bands.find(
      (other) =>
        other !== band &&
        band.active &&
        band.fromAge !== undefined &&
        other.fromAge !== undefined &&
        band.fromAge <= (other.toAge ?? Number.POSITIVE_INFINITY) &&
        other.fromAge <= (band.toAge ?? Number.POSITIVE_INFINITY),
    );
    if (overlapping) {
      errors.push({
        field: `ageBands.${index}.fromAge`,
        message: `It overlaps the band "${overlapping.name}".`,
      });
    }
  });
  if (errors.length > 0) throw new RuleViolationError('The code lists cannot be saved as they are.', errors);
}
