/**
 * Every contact on its right track (issue 14 §1): after triage an information request, an appointment problem, a
 * billing question, lost property, a concern, a compliment and a suggestion each take their own path, on their own
 * clock from the SLA policy and with their own words to the person, and none passes through grievance approval.
 * Triage moves a case between tracks with a reason, audited.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../functions/core/errors';
import type { IntakeChannel } from '../../functions/core/intake/classification';
import { requestExtension } from '../../functions/core/review/request-extension';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { planStepClock } from '../../functions/core/sla/plan-clock';
import { SLA_POLICIES } from '../../functions/core/sla/sla-policies';
import { selfComplaint } from '../support/fixtures';
import { assignTo, complete, coordinator, desk, newCase, representative } from './desk';

type Desk = Awaited<ReturnType<typeof desk>>;
const DAY = 86_400_000;

async function onTrack(
  deps: Desk,
  type: string,
  extra: Record<string, unknown> = {},
  channel: IntakeChannel = 'web',
) {
  const caseId = await newCase(deps, selfComplaint({ description: 'Please see below.' }), channel);
  const { taskId } = await complete(deps, coordinator, caseId, 'triage', {
    ...assignTo(representative.userId, type),
    ...extra,
  });
  // What the workflow's "Which track?" branches on.
  return { caseId, outcome: deps.table.tasks.get(taskId)?.outcome };
}

const lettersTo = (deps: Desk, caseId: string) =>
  deps.table.correspondence.filter((item) => item.caseId === caseId && item.direction === 'out');

describe('tracks', () => {
  it('sends an information request to the records office, due 30 days from receipt (HIPAA 164.524)', async () => {
    const deps = await desk();
    const { caseId, outcome } = await onTrack(deps, 'information-request');
    expect(outcome).toMatchObject({ outcome: 'track', track: 'request' });
    const record = await deps.cases.getCase(caseId);
    expect(record?.triage?.department).toBe('Health information management (medical records)');
    expect(record?.deadlines.respond?.source).toContain('164.524(b)(2)');
    expect(
      Date.parse(record?.deadlines.respond?.dueAt as string) - Date.parse(record?.receivedAt as string),
    ).toBe(30 * DAY);
    await sendCaseCorrespondence(deps, { caseId, action: 'track-notice' });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-notice' });
    const notices = lettersTo(deps, caseId).filter((item) => item.kind === 'track-notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('Health information management (medical records)');
    expect(notices[0]?.body).toMatch(/answer it by \w+day \d+ December 2026/);
    // The formal review's interim letter is not this track's: its clock plans reminders and escalations only.
    const plan = await planStepClock(deps, { caseId, step: 'request', rounds: 0 });
    expect(plan.event).toBe('reminder-50');
  });

  it('refuses access only in writing, and sends the refusal as the closing letter', async () => {
    const deps = await desk();
    const { caseId } = await onTrack(deps, 'information-request');
    const denied = { outcome: 'answered', result: 'access-denied', summary: 'Psychotherapy notes.' };
    const refused = await complete(deps, representative, caseId, 'request', denied).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.errors[0].field).toBe('reply');
    const reply = 'We cannot give you the psychotherapy notes. You may ask for this decision to be reviewed.';
    await expect(
      complete(deps, representative, caseId, 'request', { ...denied, reply }),
    ).resolves.toMatchObject({
      outcome: 'done',
    });
    const record = await deps.cases.getCase(caseId);
    expect(record).toMatchObject({ stage: 'closed', closure: { outcome: 'access-denied' } });
    expect(record?.approval).toBeUndefined();
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    const letters = lettersTo(deps, caseId).filter((item) => item.kind === 'track-letter');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.body).toContain(reply);
    expect((await deps.cases.getCase(caseId))?.trackResult?.letter?.channel).toBe('email');
  });

  it('extends an information request once, by at most 30 days, and no other track at all', async () => {
    const deps = await desk();
    const { caseId } = await onTrack(deps, 'information-request');
    const extend = (days: number) =>
      requestExtension(deps, {
        actor: coordinator,
        caseId,
        request: { reason: 'The records are archived.', days },
      });
    expect((await extend(31).catch((error) => error)).errors[0].message).toContain('164.524(b)(2)(iii)');
    await extend(30);
    expect((await extend(1).catch((error) => error)).message).toContain('allows 1 extension');
    const notice = lettersTo(deps, caseId).find((item) => item.kind === 'extension-notice');
    expect(notice?.subject).toContain('We need more time to answer your request');

    const other = await onTrack(deps, 'appointment');
    const none = await requestExtension(deps, {
      actor: coordinator,
      caseId: other.caseId,
      request: { reason: 'Busy.', days: 2 },
    }).catch((error) => error);
    expect(none).toBeInstanceOf(RuleViolationError);
  });

  it('logs lost property from its loss to its return, telling the owner where to collect it', async () => {
    const deps = await desk();
    const refused = await onTrack(deps, 'lost-property').catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.errors.map((error: { field: string }) => error.field)).toEqual([
      'property.item',
      'property.whereLost',
    ]);
    const { caseId, outcome } = await onTrack(deps, 'lost-property', {
      property: {
        item: 'Reading glasses in a blue case',
        whereLost: 'Ward 4 day room',
        whenLost: '2026-10-30',
      },
    });
    expect(outcome).toMatchObject({ outcome: 'track', track: 'property' });
    await expect(
      complete(deps, representative, caseId, 'property-search', {
        outcome: 'found',
        heldAt: 'the security office',
      }),
    ).resolves.toMatchObject({ outcome: 'found' });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    const found = lettersTo(deps, caseId).filter((item) => item.kind === 'track-letter');
    expect(found).toHaveLength(1);
    expect(found[0]?.body).toContain('You can collect it from the security office');
    const held = await deps.cases.getCase(caseId);
    expect(held?.stage).toBe('property-search');
    expect(held?.property?.heldUntil?.slice(0, 10)).toBe('2027-01-31');

    await complete(deps, representative, caseId, 'property-held', {
      outcome: 'returned',
      summary: 'Collected by the owner with ID.',
    });
    const record = await deps.cases.getCase(caseId);
    expect(record?.closure?.outcome).toBe('returned');
    expect(record?.property?.log.map((entry) => entry.event)).toEqual(['logged', 'found', 'returned']);
    expect(record?.property?.toldFoundAt).toBeDefined();
  });

  it('passes a compliment on, counts who was thanked, and thanks the person', async () => {
    const deps = await desk();
    const { caseId, outcome } = await onTrack(deps, 'compliment');
    expect(outcome).toMatchObject({ track: 'pass-on' });
    await complete(deps, representative, caseId, 'pass-on', {
      outcome: 'passed-on',
      passedTo: 'Ward 4 night team',
      summary: 'Read out at the ward huddle.',
    });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    const letter = lettersTo(deps, caseId).find((item) => item.kind === 'track-letter');
    expect(letter?.body).toContain('We have passed your thanks on to Ward 4 night team.');
    const month = `month:${deps.clock.now().toISOString().slice(0, 7)}`;
    expect(await deps.statistics.getBreakdown(month, 'thanked', 10)).toEqual({ 'Ward 4 night team': 1 });
    expect((await deps.statistics.getStatistics([month]))[0]?.counters).toMatchObject({
      'type:compliment': 1,
      'outcome:passed-on': 1,
    });
  });

  it('resolves a verbal concern by the next working day with no formal letter, never a written one', async () => {
    const deps = await desk();
    const written = await onTrack(deps, 'concern').catch((error) => error);
    expect(written).toBeInstanceOf(RuleViolationError);
    expect(written.errors[0].message).toContain('cannot become a concern');

    const { caseId } = await onTrack(deps, 'concern', {}, 'phone');
    const record = await deps.cases.getCase(caseId);
    expect(record?.deadlines.respond?.source).toContain('next working day');
    await sendCaseCorrespondence(deps, { caseId, action: 'track-notice' });
    await complete(deps, representative, caseId, 'concern', {
      outcome: 'resolved',
      summary: 'Rang back and rebooked the clinic.',
    });
    await sendCaseCorrespondence(deps, { caseId, action: 'track-letter' });
    expect(lettersTo(deps, caseId).filter((item) => item.kind.startsWith('track'))).toEqual([]);
    expect((await deps.cases.getCase(caseId))?.closure?.outcome).toBe('resolved');
  });

  it("keeps a Medicare beneficiary's billing complaint about 42 CFR 489 rights a grievance", async () => {
    const deps = await desk();
    const refused = await onTrack(deps, 'billing', { medicareRights: true }).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.message).toContain('42 CFR 489');
    const { outcome } = await onTrack(deps, 'billing', { medicareRights: false });
    expect(outcome).toMatchObject({ track: 'billing' });
  });

  it('moves a case between tracks only with a reason, audited, with triage given its own time again', async () => {
    const deps = await desk();
    const { caseId } = await onTrack(deps, 'appointment');
    const appointmentDue = (await deps.cases.getCase(caseId))?.deadlines.respond;
    expect(appointmentDue?.source).toContain('3 working days');
    deps.clock.advance(2 * DAY);
    await expect(
      complete(deps, representative, caseId, 'appointment', {
        outcome: 'retrack',
        reason: 'They want a formal complaint about the cancelled surgery.',
      }),
    ).resolves.toMatchObject({ outcome: 'retrack' });
    const moved = await deps.cases.getCase(caseId);
    expect(moved?.trackMoves).toMatchObject([{ from: 'appointment', by: representative.userId }]);
    expect(Date.parse(moved?.deadlines.triage?.dueAt as string)).toBeGreaterThan(deps.clock.now().getTime());
    const audit = deps.table.audit.filter((event) => event.caseId === caseId).map((event) => event.type);
    expect(audit).toContain('case.retracked');

    const { reason: _none, ...noReason } = assignTo(representative.userId, 'grievance') as Record<
      string,
      unknown
    >;
    const refused = await complete(deps, coordinator, caseId, 'triage', noReason).catch((error) => error);
    expect(refused.errors[0]).toMatchObject({ field: 'reason' });
    await expect(
      complete(deps, coordinator, caseId, 'triage', { ...noReason, reason: 'A formal complaint now.' }),
    ).resolves.toMatchObject({ outcome: 'assign' });
    const formal = await deps.cases.getCase(caseId);
    // Back on the formal track: the written response is due as the policy counts it, from receipt.
    expect(formal?.deadlines.respond?.source).toBe(SLA_POLICIES['us-cms-hospital'].respond.source);
    expect(
      deps.table.audit.find(
        (event) => event.caseId === caseId && event.detail?.retypedFrom === 'appointment',
      ),
    ).toBeDefined();
  });

  it('counts a subject access request in NHS mode in a calendar month (UK GDPR Art. 12(3))', async () => {
    const deps = await desk({ slaPolicy: 'uk-nhs', timeZone: 'Europe/London' });
    const { caseId } = await onTrack(deps, 'information-request');
    const record = await deps.cases.getCase(caseId);
    expect(record?.deadlines.respond?.source).toContain('Art. 12(3)');
    expect(record?.deadlines.respond?.dueAt.slice(0, 10)).toBe('2026-12-02');
  });
});
