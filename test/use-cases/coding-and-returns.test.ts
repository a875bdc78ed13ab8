/**
 * Coding (issue 15 §3) and the NHS returns (§6) on a known set of cases, each number worked out by hand: the
 * KO41a-style return (summary, breakdowns, checks), the block while a case is uncoded or a code maps to nothing,
 * the draft regulation 18 annual report, and the cases behind a number.
 */
import { describe, expect, it } from 'vitest';
import { codeCase } from '../../functions/core/coding/case-coding';
import { changeCodeLists, readCodeLists } from '../../functions/core/coding/code-lists';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../functions/core/errors';
import { annualReport, annualReportPdf } from '../../functions/core/reporting/annual-report';
import { casesBehind } from '../../functions/core/reporting/cases-behind';
import { ko41aReturn, ko41aTable } from '../../functions/core/reporting/ko41a-return';
import { toCsv } from '../../functions/core/reporting/spreadsheet';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { withdrawCase } from '../../functions/core/review/withdraw-case';
import { codedClosure, FULL_CODING, familyComplaint, selfComplaint } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { pdfText } from '../support/pdf-text';
import { caseAt, complete, coordinator, desk, manager, newCase, representative } from './desk';

/** Approves the draft waiting at approval, sends the response, and closes the case with `result`. */
async function closeWith(deps: MemoryDependencies, at: { caseId: string; taskId: string }, result: string) {
  await completeTask(deps, { actor: manager, taskId: at.taskId, body: { outcome: 'approve' } });
  await sendCaseCorrespondence(deps, { caseId: at.caseId, action: 'response' });
  await complete(deps, coordinator, at.caseId, 'closure', codedClosure({ result }));
}

async function reference(deps: MemoryDependencies, caseId: string) {
  return (await deps.cases.getCase(caseId))?.reference as string;
}

/**
 * The year 2026-27 (1 April 2026 to 31 March 2027), the desk's clock on 2 November 2026:
 * P received 10 March 2026, closed upheld 15 April: brought forward, resolved upheld.
 * Q received 20 March 2026, closed not upheld 25 March: in no count of the year.
 * A received 2 November, family complainant, patient born 1941 (85): closed partly upheld.
 * B received 2 November, self, no date of birth: open, carried forward; two subjects.
 * E received 2 November: withdrawn (new; closed otherwise).
 * C a compliment, D resolved at first contact: not counted.
 */
async function knownYear(deps: MemoryDependencies) {
  const today = deps.clock.now();
  deps.clock.set(new Date('2026-03-10T10:00:00Z'));
  const p = await caseAt(deps, 'approval');
  deps.clock.set(new Date('2026-03-20T10:00:00Z'));
  const q = await caseAt(deps, 'approval');
  deps.clock.set(new Date('2026-03-25T10:00:00Z'));
  await closeWith(deps, q, 'not-upheld');
  deps.clock.set(new Date('2026-04-15T10:00:00Z'));
  await closeWith(deps, p, 'upheld');

  deps.clock.set(today);
  const a = await caseAt(deps, 'approval', { complaint: familyComplaint() });
  await closeWith(deps, a, 'partly-upheld');
  const b = await caseAt(deps, 'investigation', { complaint: selfComplaint() });
  await codeCase(deps, {
    actor: representative,
    caseId: b.caseId,
    coding: { ...FULL_CODING, subjects: ['appointments', 'waiting-times'], serviceArea: 'outpatient' },
  });
  const e = await caseAt(deps, 'investigation');
  await codeCase(deps, { actor: coordinator, caseId: e.caseId, coding: FULL_CODING });
  await withdrawCase(deps, { actor: coordinator, caseId: e.caseId, reason: 'They asked us to stop.' });
  const c = await newCase(deps, selfComplaint({ description: 'Thank you to ward 4.' }));
  await complete(deps, coordinator, c, 'triage', {
    outcome: 'assign',
    type: 'compliment',
    category: 'Nursing care',
    priority: 'routine',
    assigneeId: representative.userId,
    reason: 'A thank-you.',
  });
  const d = await newCase(deps, selfComplaint(), 'phone');
  await complete(deps, coordinator, d, 'triage', {
    outcome: 'resolve-at-first-contact',
    summary: 'Explained.',
  });
  return { p: p.caseId, q: q.caseId, a: a.caseId, b: b.caseId, e: e.caseId };
}

describe('coding a case', () => {
  it('takes codes from the lists only, derives the age band, and defaults the status from the relationship', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation', { complaint: familyComplaint() });
    await expect(
      codeCase(deps, {
        actor: coordinator,
        caseId,
        coding: { subjects: ['parking'], serviceArea: 'nowhere' },
      }),
    ).rejects.toMatchObject({
      errors: [
        { field: 'subjects.0', message: '"parking" is not a subject area on the code lists.' },
        { field: 'serviceArea', message: '"nowhere" is not a service area on the code lists.' },
      ],
    });
    const { coding } = await codeCase(deps, { actor: coordinator, caseId, coding: FULL_CODING });
    // Born 17 March 1941, received 2 November 2026: 85. A family member complains: on behalf of the patient.
    expect(coding).toMatchObject({ ageBand: '85-plus', complainantStatus: 'on-behalf', listsVersion: 0 });
    // A severity of 0 is "not present" and is not kept.
    await codeCase(deps, {
      actor: coordinator,
      caseId,
      coding: { hcat: { severities: { safety: 3, quality: 0 }, stageOfCare: 'admissions', harm: 4 } },
    });
    const record = await deps.cases.getCase(caseId);
    expect(record?.coding?.hcat).toEqual({ severities: { safety: 3 }, stageOfCare: 'admissions', harm: 4 });
    expect(record?.coding?.subjects).toEqual(FULL_CODING.subjects);
    const audit = deps.table.audit.filter((event) => event.caseId === caseId && event.type === 'case.coded');
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('1941');
  });

  it('a formal complaint closes only once coded, with a root cause from the lists', async () => {
    const deps = await desk();
    const at = await caseAt(deps, 'approval');
    await completeTask(deps, { actor: manager, taskId: at.taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId: at.caseId, action: 'response' });
    const uncoded = complete(deps, coordinator, at.caseId, 'closure', codedClosure({ coding: undefined }));
    await expect(uncoded).rejects.toBeInstanceOf(RuleViolationError);
    await expect(uncoded).rejects.toMatchObject({
      errors: expect.arrayContaining([
        { field: 'coding.subjects', message: 'Give at least one subject area.' },
      ]),
    });
    await expect(
      complete(deps, coordinator, at.caseId, 'closure', codedClosure({ rootCause: 'bad luck' })),
    ).rejects.toMatchObject({
      errors: [{ field: 'rootCause', message: '"bad luck" is not a root cause on the code lists.' }],
    });
    await complete(deps, coordinator, at.caseId, 'closure', codedClosure());
    const record = await deps.cases.getCase(at.caseId);
    expect(record?.closure).toMatchObject({ outcome: 'upheld', rootCause: 'staffing-levels' });
    expect(record?.coding?.serviceArea).toBe('inpatient');
  });
});

describe('a retired code', () => {
  it('stays valid on the cases that carry it, and is no longer offered to others', async () => {
    const deps = await desk();
    const first = await caseAt(deps, 'investigation');
    const second = await caseAt(deps, 'investigation');
    await codeCase(deps, {
      actor: coordinator,
      caseId: first.caseId,
      coding: { ...FULL_CODING, subjects: ['appointments'] },
    });
    const lists = await readCodeLists(deps);
    await changeCodeLists(deps, {
      actor: manager,
      request: { ...lists, subjects: lists.subjects.filter((entry) => entry.code !== 'appointments') },
    });
    // The form sends the whole coding again with one field changed: the retired subject the case has is kept.
    const { coding } = await codeCase(deps, {
      actor: coordinator,
      caseId: first.caseId,
      coding: { ...FULL_CODING, subjects: ['appointments'], serviceArea: 'outpatient' },
    });
    expect(coding).toMatchObject({ subjects: ['appointments'], serviceArea: 'outpatient', listsVersion: 1 });
    await expect(
      codeCase(deps, { actor: coordinator, caseId: second.caseId, coding: { subjects: ['appointments'] } }),
    ).rejects.toMatchObject({
      errors: [{ field: 'subjects.0', message: '"appointments" is not a subject area on the code lists.' }],
    });
  });
});

describe('the code lists', () => {
  it('a manager changes them from the version read; a code left out is retired; a crosswalk names a return code', async () => {
    const deps = await desk();
    const lists = await readCodeLists(deps);
    const request = { ...lists, subjects: lists.subjects.slice(1) };
    await expect(changeCodeLists(deps, { actor: coordinator, request })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const saved = await changeCodeLists(deps, { actor: manager, request });
    expect(saved.version).toBe(1);
    expect(saved.subjects.find((entry) => entry.code === lists.subjects[0]?.code)?.active).toBe(false);
    await expect(changeCodeLists(deps, { actor: manager, request })).rejects.toBeInstanceOf(ConflictError);
    await expect(
      changeCodeLists(deps, {
        actor: manager,
        request: {
          ...saved,
          subjects: [{ code: 'parking', name: 'Parking', active: true, returnCode: 'no-such' }],
        },
      }),
    ).rejects.toMatchObject({
      errors: [
        { field: 'subjects.0.returnCode', message: 'The return has no code "no-such" in its subjects.' },
      ],
    });
    await expect(
      changeCodeLists(deps, {
        actor: manager,
        request: {
          ...saved,
          ageBands: [...saved.ageBands, { code: 'old', name: 'Old', active: true, fromAge: 80 }],
        },
      }),
    ).rejects.toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field: 'ageBands.6.fromAge' })]),
    });
    expect((await deps.documents.recentChanges('code-lists', 5)).map((change) => change.version)).toEqual([
      1,
    ]);
  });
});

describe('the KO41a return', () => {
  it('counts the year as worked out by hand, and passes its checks', async () => {
    const deps = await desk();
    await knownYear(deps);
    const report = await ko41aReturn(deps, coordinator, { year: '2026' });
    expect(report).toMatchObject({ year: '2026-27', firstDay: '2026-04-01', lastDay: '2027-03-31' });
    expect(report.summary).toEqual({
      broughtForward: 1,
      received: 3,
      upheld: 1,
      partlyUpheld: 1,
      notUpheld: 0,
      resolved: 2,
      closedOtherwise: 1,
      carriedForward: 1,
    });
    const counts = (lines: { code: string; count: number }[]) =>
      Object.fromEntries(lines.filter((line) => line.count > 0).map((line) => [line.code, line.count]));
    // A 85 and over; B and E no date of birth (selfComplaint / familyComplaint: E is a family complaint).
    expect(counts(report.byAgeBand)).toEqual({ '85-plus': 2, unknown: 1 });
    expect(counts(report.byStatus)).toEqual({ 'on-behalf': 2, patient: 1 });
    expect(counts(report.byServiceArea)).toEqual({ inpatient: 2, outpatient: 1 });
    expect(counts(report.bySubject)).toEqual({ communications: 2, appointments: 1, 'waiting-times': 1 });
    expect(counts(report.byProfession)).toEqual({ 'nursing-midwifery-and-health-visiting': 3 });
    // Zeros are entered, never blanks: every line of the return is there.
    expect(report.bySubject).toHaveLength(20);
    expect(report.checks.every((check) => check.passed)).toBe(true);
    const csv = toCsv(ko41aTable(report));
    expect(csv).toContain('Summary,carriedForward,Carried forward,1');
    expect(csv).toContain('Subject area,transport,Transport,0');
  });

  it('is blocked, naming the cases, while a new complaint is uncoded or a code maps to nothing', async () => {
    const deps = await desk();
    const open = await caseAt(deps, 'investigation');
    const ref = await reference(deps, open.caseId);
    await expect(ko41aReturn(deps, manager, { year: '2026' })).rejects.toMatchObject({
      errors: [{ field: `${ref}.coding`, message: expect.stringContaining('Not fully coded yet') }],
    });
    const lists = await readCodeLists(deps);
    const withParking = await changeCodeLists(deps, {
      actor: manager,
      request: {
        ...lists,
        subjects: [...lists.subjects, { code: 'parking', name: 'Parking', active: true }],
      },
    });
    await codeCase(deps, {
      actor: coordinator,
      caseId: open.caseId,
      coding: { ...FULL_CODING, subjects: ['parking'] },
    });
    await expect(ko41aReturn(deps, manager, { year: '2026' })).rejects.toMatchObject({
      errors: [{ field: `${ref}.subjects`, message: expect.stringContaining('"parking" maps to no code') }],
    });
    // Mapped by the manager: the return is made, counting it where it was mapped.
    await changeCodeLists(deps, {
      actor: manager,
      request: {
        ...withParking,
        subjects: withParking.subjects.map((entry) =>
          entry.code === 'parking' ? { ...entry, returnCode: 'facilities' } : entry,
        ),
      },
    });
    const report = await ko41aReturn(deps, manager, { year: '2026' });
    expect(report.bySubject.find((line) => line.code === 'facilities')?.count).toBe(1);
    await expect(ko41aReturn(deps, representative, { year: '2026' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ko41aReturn(deps, manager, { year: '2030' })).rejects.toBeInstanceOf(RuleViolationError);
    await expect(ko41aReturn(deps, manager, { year: '2026-28' })).rejects.toBeInstanceOf(RuleViolationError);
  });
});

describe('the annual report (reg 18)', () => {
  it('drafts the figures and lists as worked out by hand, and as a PDF read back', async () => {
    const deps = await desk();
    await knownYear(deps);
    // Two referrals to the Ombudsman told in the year, one in the year before (second-stage.ts counts them).
    await deps.statistics.add([
      { period: 'month:2026-06', increments: { 'secondStage:phso': 1 } },
      { period: 'month:2027-03', increments: { 'secondStage:phso': 1 } },
      { period: 'month:2026-03', increments: { 'secondStage:phso': 1 } },
    ]);
    const report = await annualReport(deps, manager, { year: '2026-27' });
    expect(report).toMatchObject({ received: 3, decided: 2, wellFounded: 2, referredToOmbudsman: 2 });
    expect(report.subjects.map((theme) => [theme.code, theme.count])).toEqual([
      ['communications', 2],
      ['appointments', 1],
      ['waiting-times', 1],
    ]);
    expect(report.matters.hcat.map((theme) => [theme.code, theme.count, theme.high])).toEqual([
      ['communication', 3, 0],
      ['safety', 3, 0],
    ]);
    expect(report.matters.rootCauses).toEqual([
      { code: 'staffing-levels', name: 'Staffing levels', count: 2 },
    ]);
    expect(report.matters.handling.responded).toBe(2);
    const text = await pdfText(await annualReportPdf(report));
    expect(text).toContain('Annual report on complaints, 2026-27');
    expect(text).toContain('Referred to the Parliamentary and Health Service Ombudsman');
    expect(text).toContain('Staffing levels');
  });
});

describe('the cases behind a number', () => {
  it('lists as many cases as the number says, for coordinators and managers', async () => {
    const deps = await desk();
    const cases = await knownYear(deps);
    const behind = (item: string) =>
      casesBehind(deps, coordinator, { report: 'ko41a', year: '2026', item }).then((found) =>
        found.cases.map((each) => each.caseId),
      );
    expect(await behind('summary:broughtForward')).toEqual([cases.p]);
    expect(await behind('summary:received')).toEqual([cases.a, cases.b, cases.e]);
    expect(await behind('summary:carriedForward')).toEqual([cases.b]);
    expect(await behind('summary:closedOtherwise')).toEqual([cases.e]);
    expect(await behind('subject:communications')).toEqual([cases.a, cases.e]);
    expect(await behind('ageBand:unknown')).toEqual([cases.b]);
    const annual = await casesBehind(deps, manager, {
      report: 'annual',
      year: '2026',
      item: 'summary:wellFounded',
    });
    expect(annual.cases.map((each) => each.caseId).sort()).toEqual([cases.a, cases.p].sort());
    await expect(
      casesBehind(deps, coordinator, { report: 'ko41a', year: '2026', item: 'nonsense' }),
    ).rejects.toBeInstanceOf(RuleViolationError);
    await expect(
      casesBehind(deps, representative, { report: 'ko41a', year: '2026', item: 'summary:received' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
