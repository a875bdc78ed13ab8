/** Cover for someone away: a colleague works their cases and steps through the last day (in-memory ports). */
import { describe, expect, it } from 'vitest';
import { setCover, withCover } from '../../functions/core/access/cover';
import { listCasesFor, listTasksFor } from '../../functions/core/console/console-queries';
import { staffPicker } from '../../functions/core/console/staff-list';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../functions/core/errors';
import { completeTask } from '../../functions/core/review/complete-step';
import {
  assign,
  caseAt,
  coordinator,
  desk,
  findings,
  newCase,
  otherRepresentative,
  representative,
} from './desk';

// The desk's clock stands at 2026-11-02 09:00 in New York (14:00 UTC).
describe('cover for someone away', () => {
  it("lets the cover see and work the away person's steps and cases until the end of the last day", async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'investigation');
    const robin = () => withCover(deps, otherRepresentative);

    // Before: Robin cannot see Riley's case or step.
    expect(await listTasksFor(deps, await robin(), deps.clock.now())).toEqual([]);

    const { away } = await setCover(deps, {
      actor: coordinator,
      userId: representative.userId,
      request: { coverId: otherRepresentative.userId, until: '2026-11-04' },
    });
    expect(away).toMatchObject({ coverId: 'u-robin', coverName: 'Robin Rep', until: '2026-11-04' });
    expect(away?.setBy).toBe(coordinator.userId);
    // Robin is told, without any case in the email, and once: the same request again sends nothing more.
    await setCover(deps, {
      actor: coordinator,
      userId: representative.userId,
      request: { coverId: otherRepresentative.userId, until: '2026-11-04' },
    });
    expect(deps.mailer.to(otherRepresentative.email)).toHaveLength(1);
    const notice = deps.mailer.sent.at(-1);
    expect(notice?.to).toBe(otherRepresentative.email);
    expect(notice?.subject).toBe('You are covering for Riley Rep');
    expect(notice?.text).toContain('Wednesday 4 November 2026');

    const covering = await robin();
    expect(covering.covering).toEqual([representative.userId]);
    expect((await listTasksFor(deps, covering, deps.clock.now())).map((task) => task.taskId)).toEqual([
      taskId,
    ]);
    const cases = await listCasesFor(
      deps,
      covering,
      { assigneeId: representative.userId, limit: 10 },
      deps.clock.now(),
    );
    expect(cases.cases.map((summary) => summary.caseId)).toEqual([caseId]);
    // Without cover Robin's completion is refused as for a step that does not exist; with it, it counts.
    await expect(
      completeTask(deps, { actor: otherRepresentative, taskId, body: findings }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(completeTask(deps, { actor: covering, taskId, body: findings })).resolves.toMatchObject({
      outcome: 'findings',
    });

    // 23:59 on the last day in New York is still covered; midnight is not.
    deps.clock.set('2026-11-05T04:59:00Z');
    expect((await robin()).covering).toEqual([representative.userId]);
    deps.clock.set('2026-11-05T05:00:00Z');
    expect((await robin()).covering).toBeUndefined();
    expect(
      (
        await listCasesFor(
          deps,
          await robin(),
          { assigneeId: representative.userId, limit: 10 },
          deps.clock.now(),
        )
      ).cases,
    ).toEqual([]);
  });

  it('tells the cover of a case assigned to someone away, and shows the absence in the staff picker', async () => {
    const deps = await desk();
    await setCover(deps, {
      actor: coordinator,
      userId: representative.userId,
      request: { coverId: otherRepresentative.userId, until: '2026-11-04' },
    });
    const caseId = await newCase(deps);
    const before = deps.mailer.sent.length;
    await assign(deps, caseId, representative.userId);
    const sent = deps.mailer.sent.slice(before);
    expect(sent.map((email) => email.to).sort()).toEqual(
      [otherRepresentative.email, representative.email].sort(),
    );
    expect(sent.find((email) => email.to === otherRepresentative.email)?.text).toContain(
      'to Riley Rep, who is away; you are covering their cases.',
    );
    const { staff } = await staffPicker(deps, coordinator);
    expect(staff.find((member) => member.userId === representative.userId)?.away).toEqual({
      coverId: otherRepresentative.userId,
      coverName: 'Robin Rep',
      until: '2026-11-04',
    });
    expect(staff.find((member) => member.userId === otherRepresentative.userId)?.away).toBeUndefined();
  });

  it('ends when it is ended, and a directory refresh never undoes it', async () => {
    const deps = await desk();
    await setCover(deps, {
      actor: representative,
      userId: representative.userId,
      request: { coverId: otherRepresentative.userId, until: '2026-11-06' },
    });
    await deps.staff.upsert({ ...representative, roles: ['representative'] });
    expect((await deps.staff.get(representative.userId))?.away?.coverId).toBe(otherRepresentative.userId);
    await setCover(deps, {
      actor: representative,
      userId: representative.userId,
      request: { coverId: null },
    });
    expect((await deps.staff.get(representative.userId))?.away).toBeUndefined();
    expect((await withCover(deps, otherRepresentative)).covering).toBeUndefined();
  });

  it('is arranged for others only by coordinators and managers, with a cover who is here and a real last day', async () => {
    const deps = await desk();
    const arrange = (actor = coordinator, request: { coverId: string | null; until?: string }) =>
      setCover(deps, { actor, userId: representative.userId, request });
    await expect(
      setCover(deps, {
        actor: otherRepresentative,
        userId: representative.userId,
        request: { coverId: otherRepresentative.userId, until: '2026-11-04' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      arrange(coordinator, { coverId: representative.userId, until: '2026-11-04' }),
    ).rejects.toThrow(RuleViolationError);
    await expect(arrange(coordinator, { coverId: 'u-nobody', until: '2026-11-04' })).rejects.toThrow(
      RuleViolationError,
    );
    for (const until of [undefined, '2026-11-01', '2027-12-01']) {
      await expect(
        arrange(coordinator, { coverId: otherRepresentative.userId, until }),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ field: 'until' })],
      });
    }
    // Someone away cannot cover.
    await setCover(deps, {
      actor: coordinator,
      userId: otherRepresentative.userId,
      request: { coverId: coordinator.userId, until: '2026-11-03' },
    });
    await expect(
      arrange(coordinator, { coverId: otherRepresentative.userId, until: '2026-11-04' }),
    ).rejects.toMatchObject({
      errors: [{ field: 'coverId', message: 'Robin Rep is away until 2026-11-03.' }],
    });
    await expect(
      setCover(deps, { actor: coordinator, userId: 'u-nobody', request: { coverId: null } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
