/**
 * The CMS grievance log (issue 15 §6; 42 CFR 482.13(a)(2), tags A-0118 to A-0123) on a known set of cases, each
 * number worked out by hand: which cases are in it, the days taken, on time, the four elements, and the
 * exceptions; then the same log as CSV (formula-safe) and as XLSX, read back.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, RuleViolationError } from '../../functions/core/errors';
import { grievanceLog, grievanceLogTable } from '../../functions/core/reporting/grievance-log';
import { toCsv, toXlsx } from '../../functions/core/reporting/spreadsheet';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { fireClockEvent } from '../../functions/core/sla/fire-clock';
import { planStepClock } from '../../functions/core/sla/plan-clock';
import { selfComplaint } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { assignTo, caseAt, complete, coordinator, desk, manager, newCase, representative } from './desk';

const DAY = 86_400_000;

/** Approves the draft waiting at approval and sends the response by email. */
async function respond(deps: MemoryDependencies, caseId: string, taskId: string) {
  await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
  await sendCaseCorrespondence(deps, { caseId, action: 'response' });
}

async function knownCases(deps: MemoryDependencies) {
  // Received Monday 2 November 2026, 09:00 in New York (the desk's clock).
  const start = deps.clock.now().getTime();
  const at = (days: number) => deps.clock.set(new Date(start + days * DAY));

  // A: answered by email after 5 days, on time, the four elements present.
  const a = await caseAt(deps, 'approval', { complaint: selfComplaint({ facility: '=HYPERLINK("x")' }) });
  // B: received the same day; the interim letter at 7 days, the answer at 9.
  at(0);
  const b = await caseAt(deps, 'approval');
  // C: received the same day, still open at 10 days, no interim letter sent.
  at(0);
  const c = await caseAt(deps, 'investigation');
  // D: a thank-you, retyped with a reason: not a grievance, not in the log.
  at(0);
  const d = await newCase(deps, selfComplaint({ description: 'Thank you to ward 4.' }));
  await complete(deps, coordinator, d, 'triage', assignTo(representative.userId, 'compliment'));

  at(5);
  await respond(deps, a.caseId, a.taskId);
  at(7);
  const plan = await planStepClock(deps, { caseId: b.caseId, step: 'approval', rounds: 0 });
  expect(plan.event).toBe('interim-letter');
  await fireClockEvent(deps, { caseId: b.caseId, step: 'approval', event: 'interim-letter' });
  at(9);
  await respond(deps, b.caseId, b.taskId);
  at(10);
  // E: received on 12 November, outside a log to 11 November.
  const e = await newCase(deps);
  return { a: a.caseId, b: b.caseId, c: c.caseId, d, e };
}

describe('the grievance log', () => {
  it('lists the grievances received in the range with days taken, on time, elements and exceptions', async () => {
    const deps = await desk();
    const cases = await knownCases(deps);
    const log = await grievanceLog(deps, coordinator, { from: '2026-11-01', to: '2026-11-11' });
    expect(log.rows.map((row) => row.caseId)).toEqual([cases.a, cases.b, cases.c]);
    const [a, b, c] = log.rows;
    expect(a).toMatchObject({
      channel: 'web',
      type: 'grievance',
      acknowledgedBy: 'email',
      responseChannel: 'email',
      daysToResponse: 5,
      onTime: true,
      elementsPresent: true,
      exceptions: [],
    });
    expect(a?.determinationReason).toContain('any written complaint is a grievance');
    expect(b).toMatchObject({ daysToResponse: 9, onTime: false, exceptions: [] });
    expect(b?.interimLetterAt).toBeDefined();
    expect(c?.responseAt).toBeUndefined();
    expect(c?.exceptions).toEqual(['late-without-interim']);
    expect(log.exceptions).toEqual({
      'no-written-response': 0,
      'element-missing': 0,
      'late-without-interim': 1,
    });

    // The next day's range has only the case received then.
    const later = await grievanceLog(deps, manager, { from: '2026-11-12', to: '2026-11-12' });
    expect(later.rows.map((row) => row.caseId)).toEqual([cases.e]);
    await expect(
      grievanceLog(deps, representative, { from: '2026-11-01', to: '2026-11-30' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      grievanceLog(deps, coordinator, { from: '2026-11-30', to: '2026-11-01' }),
    ).rejects.toBeInstanceOf(RuleViolationError);
  });

  it('downloads as CSV with formulas defused, and as XLSX that reads back the same', async () => {
    const deps = await desk();
    const cases = await knownCases(deps);
    const log = await grievanceLog(deps, coordinator, { from: '2026-11-01', to: '2026-11-11' });
    const table = grievanceLogTable(log);
    const csv = toCsv(table);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Reference,Received,Channel,Determination,Why,Category,/);
    // A facility typed as a formula is text in every spreadsheet program.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toContain('late-without-interim');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await toXlsx(table)) as never);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(4);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const days = header.indexOf('Days taken') + 1;
    expect(sheet.getRow(2).getCell(days).value).toBe(5);
    expect(sheet.getRow(3).getCell(days).value).toBe(9);
    expect(sheet.getRow(2).getCell(header.indexOf('Facility') + 1).value).toBe(`'=HYPERLINK("x")`);
    const references = [2, 3, 4].map((row) => sheet.getRow(row).getCell(1).value);
    const expected = await Promise.all(
      [cases.a, cases.b, cases.c].map(async (id) => (await deps.cases.getCase(id))?.reference),
    );
    expect(references).toEqual(expected);
  });
});
