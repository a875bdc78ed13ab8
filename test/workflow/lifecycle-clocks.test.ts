/**
 * The slower clocks of the review, at SLA_TIME_SCALE 86,400 (a virtual day per second): the interim letter when
 * the 7-day response target passes (CMS tag A-0123), the second escalation to the director, the end of a wait
 * for the complainant, the satisfaction survey after closure, the letter channel, and the case list's filters.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../support/console-client';
import { selfComplaint } from '../support/fixtures';
import { eventually, outboxMail, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';
let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  process.env.SLA_TIME_SCALE = '86400';
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
});
afterAll(async () => stack?.stop());

const assign = {
  outcome: 'assign',
  type: 'grievance',
  category: 'Waiting times',
  priority: 'routine',
  assigneeId: 'dev-rep',
};

async function mailWith(subject: string, to?: string) {
  return eventually(
    async () => {
      for (const mail of await outboxMail(stack.outboxDir)) {
        const recipient = mail.to && 'text' in mail.to ? mail.to.text : '';
        if (mail.subject?.includes(subject) && (!to || recipient === to)) return mail;
      }
      return undefined;
    },
    `an email "${subject}"`,
    45_000,
  );
}

type CaseView = {
  case: { stage: string; interimLetter?: { expectedBy: string } };
  correspondence: { kind: string; channel: string; status?: string }[];
};

describe('clocks that run for days', () => {
  it('sends the interim letter when the response is late, and escalates to the director after the manager', async () => {
    const { caseId, reference } = await api.submit(
      selfComplaint({ complainant: { name: 'Ivy Interim', email: 'ivy@example.com', relationship: 'self' } }),
    );
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign);
    await api.waitForStep(caseId, 'investigation');
    const interim = await mailWith(
      `We are still looking into your complaint [${reference}]`,
      'ivy@example.com',
    );
    expect(interim.headers.get('auto-submitted')).toBe('auto-generated');
    expect(interim.text).toMatch(/written response by \w+day \d+ \w+ \d{4}/);
    await mailWith(`Second escalation: Investigation still overdue for ${reference}`, 'director@example.org');
    const view = await api.get<CaseView>(COORDINATOR, `/api/cases/${caseId}`);
    expect(view.body.case.interimLetter?.expectedBy).toBeDefined();
    expect(view.body.correspondence.filter((item) => item.kind === 'interim-letter')).toHaveLength(1);
  });

  it('resumes the clock by itself when the complainant does not answer within the limit', async () => {
    const { caseId } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign);
    const investigation = await api.waitForStep(caseId, 'investigation');
    await api.complete(REP, investigation, {
      outcome: 'request-information',
      message: 'Which ward were you on?',
    });
    await api.waitForStep(caseId, 'awaiting-complainant');
    // us-cms-hospital waits 14 days: 14 seconds here.
    const resumedInvestigation = await api.waitForStep(caseId, 'investigation');
    expect(resumedInvestigation).not.toBe(investigation);
    const view = await api.get<{ timeline: { summary: string; actor?: string }[] }>(
      COORDINATOR,
      `/api/cases/${caseId}`,
    );
    expect(view.body.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ summary: 'clock.resumed', actor: 'system' })]),
    );
  });

  it('sends the satisfaction survey a week after closure when asked, then ends', async () => {
    // A web complaint is a grievance and cannot be resolved at first contact (422, the grievance gate).
    const written = await api.submit(selfComplaint());
    const writtenTriage = await api.waitForStep(written.caseId, 'triage');
    const refused = await api.complete(COORDINATOR, writtenTriage, {
      outcome: 'resolve-at-first-contact',
      summary: 'Explained the delay by phone.',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe(
      'A written complaint is always a grievance (CMS SOM Appendix A, 42 CFR 482.13(a)(2)).',
    );

    // A call resolved there and then by the coordinator who took it is.
    const opened = await api.post<{ caseId: string; reference: string }>(COORDINATOR, '/api/cases', {
      complaint: selfComplaint({
        complainant: { name: 'Sam Survey', email: 'sam@example.com', relationship: 'self' },
      }),
      channel: 'phone',
      resolvedAtFirstContact: true,
    });
    expect(opened.status).toBe(201);
    const { caseId, reference } = opened.body;
    const triage = await api.waitForStep(caseId, 'triage');
    await api.complete(COORDINATOR, triage, {
      outcome: 'resolve-at-first-contact',
      summary: 'Explained the delay by phone.',
    });
    const closure = await api.waitForStep(caseId, 'closure');
    await api.complete(COORDINATOR, closure, {
      outcome: 'close',
      result: 'not-upheld',
      rootCause: 'communication-failure',
      survey: true,
    });
    await mailWith(`How did we do? [${reference}]`, 'sam@example.com');
    const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:case-${caseId}`;
    const status = await eventually(async () => {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described.status;
    }, 'the execution to end');
    expect(status).toBe('SUCCEEDED');
  });
});

describe('the letter channel and the case list', () => {
  it('records letters for complainants who asked for post, without emailing them', async () => {
    const { caseId, reference } = await api.submit(
      selfComplaint({
        complainant: { name: 'Pat Post', email: 'pat@example.com', relationship: 'self' },
        contactPreference: 'letter',
      }),
    );
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign);
    await api.complete(REP, await api.waitForStep(caseId, 'investigation'), {
      outcome: 'request-information',
      message: 'Please send us the date of your appointment.',
    });
    await api.waitForStep(caseId, 'awaiting-complainant');
    const letter = await eventually(async () => {
      const view = await api.get<CaseView>(COORDINATOR, `/api/cases/${caseId}`);
      return view.body.correspondence.find((item) => item.kind === 'information-request');
    }, 'the information request letter');
    expect(letter).toMatchObject({ channel: 'letter', status: 'to-be-mailed' });
    const emails = await outboxMail(stack.outboxDir);
    expect(
      emails.filter((mail) => mail.subject?.includes(`We need some more information [${reference}]`)),
    ).toEqual([]);
  });

  it('filters cases by stage, assignee and breach', async () => {
    const { caseId } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign);
    await api.waitForStep(caseId, 'investigation');
    const byStage = await api.get<{ cases: { caseId: string }[] }>(
      COORDINATOR,
      '/api/cases?stage=investigation',
    );
    expect(byStage.body.cases.map((item) => item.caseId)).toContain(caseId);
    const byAssignee = await api.get<{ cases: { caseId: string }[] }>(
      COORDINATOR,
      '/api/cases?assignee=dev-rep&stage=investigation',
    );
    expect(byAssignee.body.cases.map((item) => item.caseId)).toContain(caseId);
    const mine = await api.get<{ cases: { caseId: string }[] }>(REP, '/api/cases');
    expect(mine.body.cases.map((item) => item.caseId)).toContain(caseId);
    const triageOnly = await api.get<{ cases: { caseId: string }[] }>(COORDINATOR, '/api/cases?stage=triage');
    expect(triageOnly.body.cases.map((item) => item.caseId)).not.toContain(caseId);
    const breached = await eventually(async () => {
      const page = await api.get<{ cases: { caseId: string; sla: string }[] }>(
        COORDINATOR,
        '/api/cases?breached=true&stage=investigation',
      );
      return page.body.cases.find((item) => item.caseId === caseId);
    }, 'the case to breach its response target');
    expect(breached.sla).toBe('breached');
    expect((await api.get(COORDINATOR, '/api/cases?stage=nonsense')).status).toBe(400);
  });
});
