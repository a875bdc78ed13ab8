/** The hospital's own lists, and a facility's own rules followed by its cases (use case on in-memory ports). */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../functions/core/errors';
import {
  changeList,
  DEFAULT_CATEGORIES,
  publicLists,
  readLists,
} from '../../functions/core/hospital/hospital-lists';
import { familyComplaint } from '../support/fixtures';
import { coordinator, desk, manager, newCase } from './desk';

describe("the hospital's lists", () => {
  it('start with the usual categories, and change only by a manager, each change kept with before and after', async () => {
    const deps = await desk();
    expect((await publicLists(deps)).categories).toEqual(DEFAULT_CATEGORIES);
    const request = {
      version: 0,
      entries: [
        { name: 'Example General Hospital', active: true },
        {
          name: 'Riverside Community Hospital',
          active: true,
          slaPolicy: 'uk-nhs' as const,
          timeZone: 'Europe/London',
        },
      ],
    };
    await expect(
      changeList(deps, { actor: coordinator, kind: 'facilities', request }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const lists = await changeList(deps, { actor: manager, kind: 'facilities', request });
    expect(lists.version).toBe(1);
    expect(lists.facilities.map((entry) => entry.id)).toEqual([
      'example-general-hospital',
      'riverside-community-hospital',
    ]);
    const [change] = await deps.lists.recentChanges(5);
    expect(change).toMatchObject({
      kind: 'facilities',
      by: manager.userId,
      byName: 'Morgan Manager',
      before: [],
    });
    expect(change?.after).toHaveLength(2);

    // Rename one and leave the other out: renamed in place, the other retired (cases name it), never deleted.
    const next = await changeList(deps, {
      actor: manager,
      kind: 'facilities',
      request: {
        version: 1,
        entries: [{ id: 'example-general-hospital', name: 'Example General', active: true }],
      },
    });
    expect(next.facilities).toEqual([
      { id: 'example-general-hospital', name: 'Example General', active: true },
      expect.objectContaining({ id: 'riverside-community-hospital', active: false }),
    ]);
    expect((await publicLists(deps)).facilities).toEqual(['Example General']);
  });

  it('refuse a change made on an old version, duplicate names, unknown ids and policies off facilities', async () => {
    const deps = await desk();
    const save = (version: number, kind: 'departments' | 'facilities', entries: unknown[]) =>
      changeList(deps, { actor: manager, kind, request: { version, entries: entries as never } });
    await save(0, 'departments', [{ name: 'Emergency', active: true }]);
    await expect(save(0, 'departments', [{ name: 'Maternity', active: true }])).rejects.toBeInstanceOf(
      ConflictError,
    );
    const refused = await save(1, 'departments', [
      { name: 'Maternity', active: true },
      { name: 'maternity', active: true },
      { id: 'no-such-id', name: 'Radiology', active: true },
      { name: 'Oncology', active: true, slaPolicy: 'uk-nhs' },
    ]).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect((refused as RuleViolationError).errors.map((error) => error.field)).toEqual([
      'entries.1.name',
      'entries.2.id',
      'entries.3.slaPolicy',
    ]);
    expect((await readLists(deps)).departments.map((entry) => entry.name)).toEqual(['Emergency']);
  });
});

describe("a facility's own rules", () => {
  it('are recorded by a case received for it, which counts its deadlines in its time zone', async () => {
    const deps = await desk({ slaPolicy: 'us-cms-hospital', timeZone: 'America/New_York' });
    await changeList(deps, {
      actor: manager,
      kind: 'facilities',
      request: {
        version: 0,
        entries: [
          { name: 'Example General Hospital', active: true },
          { name: 'Riverside Trust', active: true, slaPolicy: 'uk-nhs', timeZone: 'Europe/London' },
        ],
      },
    });
    const local = await deps.cases.getCase(
      await newCase(deps, familyComplaint({ facility: 'Example General Hospital' })),
    );
    expect(local).toMatchObject({ slaPolicy: 'us-cms-hospital', timeZone: 'America/New_York' });
    // The facility's name as the form gave it, in any case: its own rules.
    const riverside = await deps.cases.getCase(
      await newCase(deps, familyComplaint({ facility: 'riverside trust' })),
    );
    expect(riverside).toMatchObject({ slaPolicy: 'uk-nhs', timeZone: 'Europe/London' });
    // NHS England: acknowledge within 3 working days, counted in London (regulations.md).
    expect(riverside?.deadlines.acknowledge?.source).toMatch(/NHS|3 working days/i);
    expect(riverside?.deadlines.acknowledge?.dueAt).not.toBe(local?.deadlines.acknowledge?.dueAt);

    // A later change of the facility's rules never moves the clocks of a case already received.
    await changeList(deps, {
      actor: manager,
      kind: 'facilities',
      request: {
        version: 1,
        entries: [
          { id: 'example-general-hospital', name: 'Example General Hospital', active: true },
          { id: 'riverside-trust', name: 'Riverside Trust', active: true, timeZone: 'America/Chicago' },
        ],
      },
    });
    const after = await deps.cases.getCase(riverside?.caseId as string);
    expect(after).toMatchObject({ slaPolicy: 'uk-nhs', timeZone: 'Europe/London' });
    expect(after?.deadlines).toEqual(riverside?.deadlines);
  });
});
