/**
 * The committee pack (issue 15 §6) from a month's counters and the learning actions, each number set here and
 * worked out by hand; small counts suppressed for publication; the PDF read back.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../functions/core/errors';
import { createLearningAction, updateLearningAction } from '../../functions/core/learning/learning-actions';
import { committeePack, committeePackPdf } from '../../functions/core/reporting/committee-pack';
import { coordinator, desk, manager, representative } from './desk';

const DAY = 86_400_000;

async function seeded() {
  const deps = await desk();
  const period = 'month:2026-11';
  await deps.statistics.add([
    {
      period,
      increments: {
        received: 7,
        'channel:web': 5,
        'channel:phone': 2,
        'type:grievance': 4,
        'type:compliment': 3,
        'respond:total': 4,
        'respond:onTime': 3,
        breaches: 2,
        'outcome:upheld': 2,
        'outcome:passed-on': 3,
        'survey:responses': 2,
        'survey:scoreTotal': 9,
        'secondStage:phso': 1,
      },
    },
    ...Array.from({ length: 3 }, () => ({ period, dimension: 'category' as const, label: 'Nursing care' })),
    { period, dimension: 'department', label: 'Outpatients' },
    { period, dimension: 'thanked', label: 'Ward 4' },
  ]);
  const late = await createLearningAction(deps, coordinator, {
    title: 'Tell waiting patients about delays',
    theme: 'Waits',
    ownerId: representative.userId,
    dueDate: '2026-11-05',
  });
  const done = await createLearningAction(deps, coordinator, {
    title: 'Fix the letter template',
    theme: 'Letters',
    ownerId: representative.userId,
    dueDate: '2026-11-20',
  });
  deps.clock.advance(8 * DAY);
  await updateLearningAction(deps, representative, done.action.actionId, {
    version: 1,
    status: 'done',
    evidence: 'New template live.',
  });
  return { deps, late: late.action };
}

describe('the committee pack', () => {
  it("sums the month's counters, themes and actions as worked by hand", async () => {
    const { deps, late } = await seeded();
    await expect(committeePack(deps, representative, { month: '2026-11' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const pack = await committeePack(deps, manager, { month: '2026-11' });
    expect(pack).toMatchObject({
      received: 7,
      byChannel: { web: 5, phone: 2 },
      byType: { grievance: 4, compliment: 3 },
      compliance: { acknowledge: null, respond: 75, resolve: null },
      breaches: 2,
      outcomes: { upheld: 2, 'passed-on': 3 },
      byCategory: { 'Nursing care': 3 },
      byDepartment: { Outpatients: 1 },
      thanked: { 'Ward 4': 1 },
      survey: { responses: 2, averageScore: 4.5 },
      secondStage: { phso: 1 },
      actions: { open: 1, doneThisMonth: 1 },
    });
    expect(pack.actions.overdue.map((action) => action.actionId)).toEqual([late.actionId]);
  });

  it('suppresses counts from 1 to 4 for publication, and reads back as a document', async () => {
    const { deps } = await seeded();
    const pack = await committeePack(deps, coordinator, { month: '2026-11', suppressSmall: true });
    expect(pack.received).toBe(7);
    expect(pack.byChannel).toEqual({ web: 5, phone: 'fewer than 5' });
    expect(pack.breaches).toBe('fewer than 5');
    const pdf = await committeePackPdf(pack, deps.settings);
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Patient relations: committee pack for November 2026');
    expect(flat).toContain('Answered on time 75%');
    expect(flat).toContain('Tell waiting patients about delays: due 2026-11-05');
    expect(flat).toContain('phone fewer than 5');
  });
});
