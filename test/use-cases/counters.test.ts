/**
 * Dashboard counters never harm the work they count: a failing counter write does not fail an intake or a
 * closure (nor make it retry and resend letters), and nothing a complainant types becomes a counter's name.
 */
import { describe, expect, it } from 'vitest';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { codedClosure, familyComplaint, selfComplaint } from '../support/fixtures';
import { arm, caseAt, coordinator, desk, manager } from './desk';

describe('dashboard counters', () => {
  it('that fail to save leave the intake standing, and are reported', async () => {
    const deps = await desk();
    deps.statistics.failNext = true;
    const result = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    expect(await deps.cases.getCase(result.caseId)).toBeDefined();
    expect(deps.workflow.started).toHaveLength(1);
    expect(deps.lostTallies).toHaveLength(1);
  });

  it('that fail to save leave a closure standing', async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval');
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    const { taskId: closure } = await arm(deps, caseId, 'closure');
    deps.statistics.failNext = true;
    const body = codedClosure({ survey: false });
    await expect(completeTask(deps, { actor: coordinator, taskId: closure, body })).resolves.toMatchObject({
      outcome: 'closed',
    });
    expect((await deps.cases.getCase(caseId))?.stage).toBe('closed');
    expect(deps.lostTallies).toHaveLength(1);
  });

  it('are never named after what a complainant typed', async () => {
    const deps = await desk();
    for (let index = 0; index < 50; index += 1) {
      await submitComplaint(deps, {
        complaint: selfComplaint({
          category: `Category ${index} ${'x'.repeat(80)}`,
          department: `Dept ${index}`,
        }),
        channel: 'web',
        actor: 'complainant',
      });
    }
    const names = [...deps.table.counters.values()].flatMap((counters) => Object.keys(counters));
    expect(names.sort()).toEqual(['channel:web', 'kind:grievance', 'received']);
    expect(deps.table.breakdowns.size).toBe(0);
  });

  it('count triaged cases under what staff decided at triage, not what the form guessed', async () => {
    const deps = await desk();
    await caseAt(deps, 'investigation');
    await caseAt(deps, 'investigation', { complaint: familyComplaint({ facility: 'Typed On The Form' }) });
    const { dashboardFor } = await import('../../functions/core/console/console-queries');
    const dashboard = await dashboardFor(deps, manager, deps.clock.now(), deps.settings.timeZone);
    expect(dashboard.byCategory).toEqual({ 'Nursing care': 2 });
    expect(dashboard.byDepartment).toEqual({ 'Not given': 2 });
    // Triage (desk.ts) named no facility: the form's guess is not counted.
    expect(dashboard.byFacility).toEqual({ 'Not given': 2 });
  });
});
