/**
 * Learning actions (issue 15 §5): from a case or a theme, with an owner and a due date; done only with evidence,
 * then reviewed; changed by version; reminded on the due date and escalated a week after it, each once.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../functions/core/errors';
import {
  createLearningAction,
  listLearningActions,
  remindLearningActions,
  updateLearningAction,
} from '../../functions/core/learning/learning-actions';
import { caseAt, coordinator, desk, otherRepresentative, representative } from './desk';

const DAY = 86_400_000;

describe('learning actions', () => {
  it('come from a case with an owner and due date, are done with evidence, reviewed, and changed by version', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const request = {
      title: 'Add a second nurse to the night rota on ward 4',
      caseId,
      ownerId: representative.userId,
      dueDate: '2026-11-09',
    };
    await expect(createLearningAction(deps, representative, request)).rejects.toBeInstanceOf(ForbiddenError);
    const early = await createLearningAction(deps, coordinator, { ...request, dueDate: '2026-11-01' }).catch(
      (e) => e,
    );
    expect(early.errors[0].field).toBe('dueDate');
    const { action } = await createLearningAction(deps, coordinator, request);
    expect(action).toMatchObject({
      status: 'open',
      owner: { name: representative.name },
      source: { caseId, reference: (await deps.cases.getCase(caseId))?.reference },
      version: 1,
    });
    const { action: themed } = await createLearningAction(deps, coordinator, {
      title: 'Tell waiting patients about clinic delays',
      theme: 'Waits in outpatients',
      ownerId: otherRepresentative.userId,
      dueDate: '2026-11-20',
    });

    // The owner sees their own; a coordinator sees all; a case lists its own.
    expect(
      (await listLearningActions(deps, representative, {})).actions.map((each) => each.actionId),
    ).toEqual([action.actionId]);
    expect((await listLearningActions(deps, coordinator, {})).actions).toHaveLength(2);
    expect(
      (await listLearningActions(deps, coordinator, { caseId })).actions.map((each) => each.title),
    ).toEqual([request.title]);
    await expect(
      updateLearningAction(deps, representative, themed.actionId, {
        version: 1,
        status: 'done',
        evidence: 'x',
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const noEvidence = await updateLearningAction(deps, representative, action.actionId, {
      version: 1,
      status: 'done',
    }).catch((e) => e);
    expect(noEvidence).toBeInstanceOf(RuleViolationError);
    const { action: done } = await updateLearningAction(deps, representative, action.actionId, {
      version: 1,
      status: 'done',
      evidence: 'Rota for December attached to the case.',
    });
    expect(done).toMatchObject({ status: 'done', completedOn: '2026-11-02', version: 2 });
    const stale = await updateLearningAction(deps, coordinator, action.actionId, {
      version: 1,
      status: 'cancelled',
    }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    const { action: reviewed } = await updateLearningAction(deps, coordinator, action.actionId, {
      version: 2,
      review: { worked: 'yes', note: 'No call-bell complaints from ward 4 in December.' },
    });
    expect(reviewed.review).toMatchObject({ worked: 'yes', by: coordinator.userId });
    expect((await listLearningActions(deps, coordinator, { status: 'done' })).actions).toHaveLength(1);
  });

  it('reminds the owner on the due date and the manager a week after it, each once', async () => {
    const deps = await desk();
    const { action } = await createLearningAction(deps, coordinator, {
      title: 'Retrain the booking team on letter templates',
      theme: 'Appointment letters',
      ownerId: representative.userId,
      dueDate: '2026-11-04',
    });
    expect(await remindLearningActions(deps)).toEqual({ reminded: 0, escalated: 0 });
    deps.clock.advance(2 * DAY);
    expect(await remindLearningActions(deps)).toEqual({ reminded: 1, escalated: 0 });
    expect(await remindLearningActions(deps)).toEqual({ reminded: 0, escalated: 0 });
    const reminder = deps.mailer
      .to(representative.email)
      .find((email) => email.subject.startsWith('A learning action you own was due'));
    expect(reminder?.text).toContain('/console/learning');
    deps.clock.advance(7 * DAY);
    expect(await remindLearningActions(deps)).toEqual({ reminded: 0, escalated: 1 });
    const overdue = deps.mailer
      .to(deps.settings.escalation.manager)
      .find((email) => email.subject.includes('overdue'));
    expect(overdue?.subject).toBe(`A learning action is a week overdue (due ${action.dueDate})`);
    expect(overdue?.text).not.toContain(action.title);
    await updateLearningAction(deps, representative, action.actionId, {
      version: 1,
      status: 'done',
      evidence: 'Training on 12 November; attendance sheet on file.',
    });
    deps.clock.advance(DAY);
    expect(await remindLearningActions(deps)).toEqual({ reminded: 0, escalated: 0 });
  });
});
