/**
 * Each track of case-review.asl.json on the local stack (issue 14 §1), through the console API as staff use it:
 * triage puts the case on its track, the person hears where it went, the track's own step is worked, and the
 * execution ends without passing through investigation, drafting or grievance approval. A case moves between
 * tracks through triage again.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../support/console-client';
import { selfComplaint } from '../support/fixtures';
import { eventually, historyOf, outboxMail, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';

let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
});
afterAll(async () => stack?.stop());

const FORMAL_STATES = ['Wait for investigation', 'Wait for the response draft', 'Wait for approval'];

const triageAs = (type: string, extra: Record<string, unknown> = {}) => ({
  outcome: 'assign',
  type,
  category: 'General',
  priority: 'routine',
  assigneeId: 'dev-rep',
  reason: 'Not a complaint: the caller asked for something else.',
  ...extra,
});

async function webCase(email: string) {
  return api.submit(
    selfComplaint({
      complainant: { name: 'Tess Track', email, relationship: 'self' },
      description: 'Please see my message.',
    }),
  );
}

/** The subjects and bodies of the emails to `to`, once `count` of them have arrived. */
async function mailTo(to: string, count: number) {
  return eventually(
    async () => {
      const parsed = await outboxMail(stack.outboxDir);
      const mine = parsed.filter((mail) => (mail.to && 'text' in mail.to ? mail.to.text : '') === to);
      return mine.length >= count
        ? mine.map((mail) => ({ subject: mail.subject ?? '', text: mail.text ?? '' }))
        : undefined;
    },
    `${count} emails to ${to}`,
    30_000,
  );
}

/** Waits for the execution to end; returns its status and the states it entered, in order. */
async function finished(caseId: string) {
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:case-${caseId}`;
  const status = await eventually(
    async () => {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described.status;
    },
    'the execution to end',
    30_000,
  );
  const entered = (await historyOf(stack.sfn, executionArn))
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails?.name ?? '');
  return { status, entered };
}

describe('the tracks of the case review', () => {
  it('answers an information request from the records office, with a notice and the answer', async () => {
    const { caseId, reference } = await webCase('rita@example.com');
    const triage = await api.waitForStep(caseId, 'triage');
    expect((await api.complete(COORDINATOR, triage, triageAs('information-request'))).status).toBe(200);
    const request = await api.waitForStep(caseId, 'request');
    const view = await api.get<{ case: { triage: { department: string } } }>(REP, `/api/cases/${caseId}`);
    expect(view.body.case.triage.department).toBe('Health information management (medical records)');
    const answer = await api.complete(REP, request, {
      outcome: 'answered',
      result: 'provided',
      summary: 'Discharge summary sent through the patient portal.',
      reply: 'Your discharge summary is now in your patient portal.',
    });
    expect(answer.status).toBe(200);
    const { status, entered } = await finished(caseId);
    expect(status).toBe('SUCCEEDED');
    expect(entered).toEqual(
      expect.arrayContaining(['Tell the person about the track', 'Which track?', 'Wait for the request']),
    );
    expect(entered.filter((state) => FORMAL_STATES.includes(state))).toEqual([]);
    const mail = await mailTo('rita@example.com', 3);
    const notice = mail.find((item) => item.subject === `Your request for information [${reference}]`);
    expect(notice?.text).toContain('Health information management (medical records)');
    expect(
      mail.some((item) => item.text.includes('Your discharge summary is now in your patient portal.')),
    ).toBe(true);
  });

  it('logs lost property, tells the owner it was found, and closes when it is returned', async () => {
    const { caseId, reference } = await webCase('lou@example.com');
    const triage = await api.waitForStep(caseId, 'triage');
    const property = { item: 'A grey hearing-aid case', whereLost: 'Outpatients waiting area' };
    expect((await api.complete(COORDINATOR, triage, triageAs('lost-property', { property }))).status).toBe(
      200,
    );
    const search = await api.waitForStep(caseId, 'property-search');
    await api.complete(REP, search, { outcome: 'found', heldAt: 'the main reception desk' });
    const held = await api.waitForStep(caseId, 'property-held');
    const found = (await mailTo('lou@example.com', 3)).find(
      (item) => item.subject === `We have found your property [${reference}]`,
    );
    expect(found?.text).toContain('You can collect it from the main reception desk');
    await api.complete(REP, held, { outcome: 'returned', summary: 'Collected by the owner.' });
    const { status, entered } = await finished(caseId);
    expect(status).toBe('SUCCEEDED');
    expect(entered).toEqual(
      expect.arrayContaining(['Tell the person the property is found', "Wait for the property's return"]),
    );
    const view = await api.get<{ case: { property: { log: { event: string }[] } } }>(
      REP,
      `/api/cases/${caseId}`,
    );
    expect(view.body.case.property.log.map((entry) => entry.event)).toEqual(['logged', 'found', 'returned']);
  });

  it.each([
    ['compliment', 'We have passed your thanks on to the Ward 2 team.'],
    ['suggestion', 'We have passed your suggestion on to the Ward 2 team.'],
  ])('passes a %s on and tells the person', async (type, words) => {
    const email = `${type}@example.com`;
    const { caseId } = await webCase(email);
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), triageAs(type));
    const passOn = await api.waitForStep(caseId, 'pass-on');
    await api.complete(REP, passOn, {
      outcome: 'passed-on',
      passedTo: 'the Ward 2 team',
      summary: 'Forwarded to the ward manager.',
    });
    expect((await finished(caseId)).status).toBe('SUCCEEDED');
    expect((await mailTo(email, 3)).some((item) => item.text.includes(words))).toBe(true);
  });

  it('resolves a concern taken by phone by the next working day, with no formal letter', async () => {
    const opened = await api.post<{ caseId: string }>(COORDINATOR, '/api/cases', {
      complaint: selfComplaint({
        complainant: { name: 'Cal Concern', email: 'cal@example.com', relationship: 'self' },
        description: 'The clinic has not rung me back about my test.',
      }),
      channel: 'phone',
    });
    const { caseId } = opened.body;
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), triageAs('concern'));
    const concern = await api.waitForStep(caseId, 'concern');
    await api.complete(REP, concern, { outcome: 'resolved', summary: 'The clinic rang back the same day.' });
    const { status, entered } = await finished(caseId);
    expect(status).toBe('SUCCEEDED');
    expect(entered).toContain('Send the track letter');
    // The acknowledgement only: no notice and no closing letter on this track.
    expect((await mailTo('cal@example.com', 1)).map((item) => item.subject)).toHaveLength(1);
  });

  it('moves an appointment problem back through triage to billing, with the reason kept', async () => {
    const { caseId } = await webCase('bo@example.com');
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), triageAs('appointment'));
    const appointment = await api.waitForStep(caseId, 'appointment');
    const back = await api.complete(REP, appointment, {
      outcome: 'retrack',
      reason: 'The appointment is fine; the question is about the bill for it.',
    });
    expect(back.status).toBe(200);
    const again = await api.waitForStep(caseId, 'triage');
    const { reason: _none, ...noReason } = triageAs('billing');
    expect((await api.complete(COORDINATOR, again, noReason)).status).toBe(422);
    const medicare = await api.complete(COORDINATOR, again, triageAs('billing', { medicareRights: true }));
    expect(medicare.status).toBe(422);
    expect(medicare.body.detail).toContain('42 CFR 489');
    expect((await api.complete(COORDINATOR, again, triageAs('billing'))).status).toBe(200);
    const billing = await api.waitForStep(caseId, 'billing');
    await api.complete(REP, billing, {
      outcome: 'resolved',
      passedTo: 'Billing office',
      summary: 'The duplicate charge was refunded.',
    });
    const { status, entered } = await finished(caseId);
    expect(status).toBe('SUCCEEDED');
    expect(entered.filter((state) => state === 'Wait for triage')).toHaveLength(2);
    expect(entered).toEqual(expect.arrayContaining(['Wait for the appointment', 'Wait for billing']));
    const view = await api.get<{ case: { trackMoves: { from: string }[] } }>(REP, `/api/cases/${caseId}`);
    expect(view.body.case.trackMoves).toMatchObject([{ from: 'appointment' }]);
  });
});

describe('after our answer', () => {
  it('records a second-stage referral and its decision through the API, as the policy allows', async () => {
    const { caseId } = await webCase('sam.second@example.com');
    await api.waitForStep(caseId, 'triage');
    const wrong = await api.post(COORDINATOR, `/api/cases/${caseId}/second-stage`, {
      body: 'phso',
      referredOn: new Date().toISOString().slice(0, 10),
    });
    expect(wrong.status).toBe(422);
    const referredOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const refused = await api.post(REP, `/api/cases/${caseId}/second-stage`, { body: 'qio', referredOn });
    expect(refused.status).toBe(403);
    const made = await api.post<{ secondStage: { secondStageId: string; outcome: string } }>(
      COORDINATOR,
      `/api/cases/${caseId}/second-stage`,
      { body: 'qio', referredOn, theirReference: 'QIO-77' },
    );
    expect(made.status).toBe(201);
    expect(made.body.secondStage.outcome).toBe('pending');
    const decided = await api.post<{ secondStage: { outcome: string; decidedOn: string } }>(
      COORDINATOR,
      `/api/cases/${caseId}/second-stage/${made.body.secondStage.secondStageId}`,
      { outcome: 'not-upheld', decidedOn: referredOn },
      'PUT',
    );
    expect(decided.status).toBe(200);
    expect(decided.body.secondStage).toMatchObject({ outcome: 'not-upheld', decidedOn: referredOn });
    const invalid = await api.post(COORDINATOR, `/api/cases/${caseId}/second-stage`, { body: 'qio' });
    expect(invalid.status).toBe(400);
  });
});
