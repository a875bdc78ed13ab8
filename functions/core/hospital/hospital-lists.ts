/**
 * The hospital's own lists (issue 13 §5): its facilities, departments and services, and case categories, kept by a
 * manager in the console and offered by the public form, triage, search and the dashboard. An entry is never
 * deleted (cases name it): it is retired and stops being offered. "Other" with free text stays possible wherever a
 * list is offered. A health system runs several hospitals, sometimes under different rules: a facility can carry
 * its own SLA policy and time zone (its policy names its holiday calendar), which a case received for it records
 * and follows. Every change is kept with who, when, and the list before and after.
 */
import { IANAZone } from 'luxon';
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import { SLA_POLICIES, type SlaPolicyId } from '../sla/sla-policies';

export const LIST_KINDS = ['facilities', 'departments', 'categories'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface ListEntry {
  /** Stable across renames: what a case would keep if it kept ids (cases keep the name they were given). */
  id: string;
  name: string;
  active: boolean;
}

export interface Facility extends ListEntry {
  /** The facility's own rules; absent: the deployment's (settings). */
  slaPolicy?: SlaPolicyId;
  timeZone?: string;
}

export interface HospitalLists {
  facilities: Facility[];
  departments: ListEntry[];
  categories: ListEntry[];
  /** Increases with every saved change; a change names the version it was made on. */
  version: number;
}

/** One saved change of one list: who, when, and the list before and after. */
export interface ListChange {
  kind: ListKind;
  at: string;
  by: string;
  byName: string;
  before: ListEntry[];
  after: ListEntry[];
}

/** Until a manager keeps their own: the categories of the HCAT's problem areas (reporting.md) and the usual few. */
export const DEFAULT_CATEGORIES = [
  'Clinical care and treatment',
  'Nursing care',
  'Communication and information',
  'Staff attitude and behaviour',
  'Appointments, admissions and discharge',
  'Waiting times',
  'Environment, facilities and food',
  'Lost property',
  'Billing',
  'Privacy and dignity',
];

export function defaultLists(): HospitalLists {
  return {
    facilities: [],
    departments: [],
    categories: DEFAULT_CATEGORIES.map((name) => ({ id: idOf(name), name, active: true })),
    version: 0,
  };
}

export async function readLists(deps: Deps<'lists'>): Promise<HospitalLists> {
  return (await deps.lists.get()) ?? defaultLists();
}

/** What the public form offers: active names only, no policies. */
export async function publicLists(
  deps: Deps<'lists'>,
): Promise<{ facilities: string[]; departments: string[]; categories: string[] }> {
  const lists = await readLists(deps);
  const names = (entries: ListEntry[]) => entries.filter((entry) => entry.active).map((entry) => entry.name);
  return {
    facilities: names(lists.facilities),
    departments: names(lists.departments),
    categories: names(lists.categories),
  };
}

const name = z
  .string({ error: 'Give the name.' })
  .trim()
  .min(1, 'Give the name.')
  .max(200, 'Must be at most 200 characters.');

const Entry = z.strictObject({
  /** Absent for a new entry. */
  id: z.string().max(100).optional(),
  name,
  active: z.boolean().default(true),
});

const FacilityEntry = Entry.extend({
  slaPolicy: z
    .enum(Object.keys(SLA_POLICIES) as [SlaPolicyId, ...SlaPolicyId[]], {
      error: `Choose one of: ${Object.keys(SLA_POLICIES).join(', ')}.`,
    })
    .optional(),
  timeZone: z
    .string()
    .refine(
      (zone) => IANAZone.isValidZone(zone),
      'Give a time zone such as America/New_York or Europe/London.',
    )
    .optional(),
});

export const ListChangeRequest = z.strictObject({
  entries: z.array(FacilityEntry).max(500, 'At most 500 entries.'),
  /** The version the manager edited: a change made meanwhile by someone else is not overwritten (409). */
  version: z.number().int().min(0),
});
export type ListChangeRequest = z.infer<typeof ListChangeRequest>;

export async function changeList(
  deps: Deps<'lists' | 'clock'>,
  input: { actor: Actor; kind: ListKind; request: ListChangeRequest },
): Promise<HospitalLists> {
  const { actor, kind, request } = input;
  requireRole(actor, ['manager'], "change the hospital's lists");
  const lists = await readLists(deps);
  if (lists.version !== request.version) {
    throw new ConflictError(
      'Someone else changed the lists meanwhile. Reload them and make your change again.',
    );
  }
  const before = lists[kind] as Facility[];
  const after = entriesAfter(kind, before, request.entries);
  const next: HospitalLists = { ...lists, [kind]: after, version: lists.version + 1 };
  const change: ListChange = {
    kind,
    at: deps.clock.now().toISOString(),
    by: actor.userId,
    byName: actor.name,
    before,
    after,
  };
  if (!(await deps.lists.save(next, lists.version, change))) {
    throw new ConflictError(
      'Someone else changed the lists meanwhile. Reload them and make your change again.',
    );
  }
  return next;
}

/**
 * The list as it will be: every entry given, in the order given; an entry left out is kept, retired (cases name
 * it); names unique, ignoring case; policies and time zones for facilities only.
 */
function entriesAfter(kind: ListKind, before: Facility[], given: ListChangeRequest['entries']): Facility[] {
  const errors: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const known = new Map(before.map((entry) => [entry.id, entry]));
  const after: Facility[] = given.map((entry, index) => {
    const folded = entry.name.toLocaleLowerCase('en');
    if (seen.has(folded)) {
      errors.push({ field: `entries.${index}.name`, message: `"${entry.name}" is already on the list.` });
    }
    seen.set(folded, index);
    if (entry.id !== undefined && !known.has(entry.id)) {
      errors.push({
        field: `entries.${index}.id`,
        message: 'There is no such entry; leave the id out of a new one.',
      });
    }
    if (kind !== 'facilities' && (entry.slaPolicy || entry.timeZone)) {
      errors.push({
        field: `entries.${index}.slaPolicy`,
        message: 'Only a facility has its own SLA policy and time zone.',
      });
    }
    return {
      id: entry.id ?? uniqueId(entry.name, known),
      name: entry.name,
      active: entry.active,
      ...(entry.slaPolicy ? { slaPolicy: entry.slaPolicy } : {}),
      ...(entry.timeZone ? { timeZone: entry.timeZone } : {}),
    };
  });
  if (errors.length > 0) throw new RuleViolationError('The list cannot be saved as it is.', errors);
  const kept = new Set(after.map((entry) => entry.id));
  const retired = before.filter((entry) => !kept.has(entry.id)).map((entry) => ({ ...entry, active: false }));
  return [...after, ...retired];
}

function idOf(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'entry'
  );
}

function uniqueId(text: string, known: Map<string, unknown>): string {
  const base = idOf(text);
  let id = base;
  for (let n = 2; known.has(id); n += 1) id = `${base}-${n}`;
  known.set(id, true);
  return id;
}

/** The rules a case received for `facility` follows: the facility's own where it has them, else the deployment's. */
export function rulesFor(
  lists: HospitalLists,
  facility: string | undefined,
  defaults: { slaPolicy: SlaPolicyId; timeZone: string },
): { slaPolicy: SlaPolicyId; timeZone: string; facilityId?: string } {
  const folded = facility?.trim().toLocaleLowerCase('en');
  const match = folded
    ? lists.facilities.find((entry) => entry.name.toLocaleLowerCase('en') === folded)
    : undefined;
  return {
    slaPolicy: match?.slaPolicy ?? defaults.slaPolicy,
    timeZone: match?.timeZone ?? defaults.timeZone,
    ...(match ? { facilityId: match.id } : {}),
  };
}
