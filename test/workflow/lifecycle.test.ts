/**
 * The review lifecycle on the local stack, through the console API as staff use it, with SLA clocks running
 * 86,400 times faster (SLA_TIME_SCALE: one virtual day per second, nights and weekends still skipped). Every
 * path of case-review.asl.json: approval loop, reminders and escalation, pause and resume, extension, withdraw,
 * reopen, expedited, and the role and conflict checks that guard them.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_HEADINGS } from '../../functions/core/letters/response-letter';
import { ConsoleClient } from '../support/console-client';
import { codedClosure, familyComplaint, phiIn, selfComplaint } from '../support/fixtures';
import { eventually, historyOf, outboxMail, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';
const MANAGER = 'manager@example.org';
const DAY_PER_SECOND = 86_400;

let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  process.env.SLA_TIME_SCALE = String(DAY_PER_SECOND);
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
  // A first case through intake and its triage clock warms every function's SDK clients (their first call is
  // slow, as in a fresh Lambda environment): at a day per second, a late first clock skips to the escalation.
  const warmUp = await api.submit(
    selfComplaint({ complainant: { name: 'Warm Up', email: 'warm.up@example.net', relationship: 'self' } }),
  );
  await eventually(
    async () => (await emailsTo(MANAGER, `Escalation: Triage overdue for ${warmUp.reference}`))[0],
    'the warm-up case escalated',
    // Every function's first call is a cold start; with another test file's stack on the same two cores that can
    // take a minute.
    120_000,
  );
}, 240_000);
afterAll(async () => stack?.stop());

const assign = (overrides: Record<string, unknown> = {}) => ({
  outcome: 'assign',
  type: 'grievance',
  category: 'Nursing care',
  priority: 'routine',
  assigneeId: 'dev-rep',
  ...overrides,
});

function letter(reference: string, completionDate: string): string {
  return [
    'Dear Zebediah Quillfeather,',
    '',
    `Re: your grievance, reference ${reference}`,
    '',
    RESPONSE_HEADINGS.stepsTaken,
    'We interviewed the night staff on ward 7B and reviewed the call bell logs for the night you described.',
    '',
    RESPONSE_HEADINGS.results,
    'The call bell response was too slow. We have added a second nurse to the night rota and retrained staff.',
    '',
    RESPONSE_HEADINGS.contact,
    'Please contact Riley Rep, +1 555 010 0101, with any questions.',
    '',
    RESPONSE_HEADINGS.completion,
    completionDate,
    '',
    'Patient Relations, Example General Hospital',
  ].join('\n');
}

async function emailsTo(address: string, subjectIncludes: string) {
  const parsed = await outboxMail(stack.outboxDir);
  return parsed.filter(
    (mail) =>
      mail.subject?.includes(subjectIncludes) &&
      (mail.to && 'text' in mail.to ? mail.to.text : '') === address,
  );
}

async function executionStatus(caseId: string, name = `case-${caseId}`) {
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  return eventually(
    async () => {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : { ...described, executionArn };
    },
    `execution ${name} to close`,
    30_000,
  );
}

describe('a grievance from intake to a sent written response and closure', () => {
  it('goes through triage, investigation, a returned draft, approval, sending and closure', async () => {
    const { caseId, reference } = await api.submit(familyComplaint());

    // Triage: the representative cannot (the case is not theirs: 404, as for no case), the coordinator can.
    const triage = await api.waitForStep(caseId, 'triage');
    expect((await api.complete(REP, triage, assign())).status).toBe(404);
    const invalid = await api.complete(COORDINATOR, triage, { outcome: 'assign', type: 'grievance' });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining(['category', 'priority', 'assigneeId']),
    );
    expect((await api.complete(COORDINATOR, triage, assign())).status).toBe(200);
    // A second completion of the same step loses: 409, and nothing changes.
    expect((await api.complete(MANAGER, triage, assign())).status).toBe(409);

    // Investigation by the assigned representative.
    const investigation = await api.waitForStep(caseId, 'investigation');
    const findings = {
      outcome: 'findings',
      stepsTaken: 'Interviewed staff.',
      findings: 'Slow call bell response.',
    };
    expect((await api.complete(REP, investigation, findings)).status).toBe(200);

    // A draft missing the CMS elements cannot be approved; the author cannot approve their own draft.
    const response = await api.waitForStep(caseId, 'response');
    const today = new Date().toISOString().slice(0, 10);
    const thinDraft = {
      outcome: 'draft',
      body: 'Dear Zebediah, we are sorry. Regards.',
      contactPerson: { name: 'Riley Rep', contact: '+1 555 010 0101' },
      completionDate: today,
    };
    expect((await api.complete(REP, response, thinDraft)).status).toBe(200);
    const approval = await api.waitForStep(caseId, 'approval');
    const refused = await api.complete(MANAGER, approval, { outcome: 'approve' });
    expect(refused.status).toBe(422);
    expect((refused.body.errors as { message: string }[]).length).toBe(4);
    expect((await api.complete(REP, approval, { outcome: 'approve' })).status).toBe(403);

    // Returned with comments: back to investigation, then a proper letter.
    expect(
      (await api.complete(MANAGER, approval, { outcome: 'return', comments: 'Use the template.' })).status,
    ).toBe(200);
    const again = await api.waitForStep(caseId, 'investigation');
    expect(again).not.toBe(investigation);
    expect((await api.complete(REP, again, findings)).status).toBe(200);
    const redraft = await api.waitForStep(caseId, 'response');
    const body = letter(reference, today);
    expect((await api.complete(REP, redraft, { ...thinDraft, body })).status).toBe(200);
    const approval2 = await api.waitForStep(caseId, 'approval');
    // The complainant writes for the patient: their consent is recorded, so the letter may go by email.
    const consent = await api.post(COORDINATOR, `/api/cases/${caseId}/authority`, {
      status: 'obtained',
      basis: 'patient-consent',
    });
    expect(consent.status).toBe(200);
    expect((await api.complete(COORDINATOR, approval2, { outcome: 'approve' })).status).toBe(200);

    // Sent by email, with the four elements, then closed.
    const closure = await api.waitForStep(caseId, 'closure');
    const [sent] = await emailsTo(
      'zebediah.quillfeather@example.com',
      `Our response to your complaint [${reference}]`,
    );
    for (const heading of Object.values(RESPONSE_HEADINGS)) expect(sent?.text).toContain(heading);
    expect(sent?.text).toContain('Riley Rep');
    const close = codedClosure({ survey: false });
    expect((await api.complete(COORDINATOR, closure, close)).status).toBe(200);
    const execution = await executionStatus(caseId);
    expect(execution.status).toBe('SUCCEEDED');

    const view = await api.get<{
      case: { stage: string; closure: { outcome: string } };
      correspondence: { kind: string }[];
    }>(MANAGER, `/api/cases/${reference}`);
    expect(view.body.case.stage).toBe('closed');
    expect(view.body.case.closure.outcome).toBe('upheld');
    expect(view.body.correspondence.map((item) => item.kind)).toEqual(
      expect.arrayContaining(['acknowledgement', 'response']),
    );
    expect(JSON.stringify(view.body)).not.toContain('LOCALTOKEN');
    // The execution history never held the complaint, the letter or anyone's details.
    expect(phiIn(JSON.stringify(await historyOf(stack.sfn, execution.executionArn)))).toEqual([]);
  });
});

describe('SLA clocks', () => {
  it('reminds, then escalates an untriaged case to the manager, without PHI, and triage still completes', async () => {
    const { caseId, reference } = await api.submit(
      familyComplaint({ description: 'Untriaged: the food was cold.' }),
    );
    const escalation = await eventually(
      async () => (await emailsTo(MANAGER, `Escalation: Triage overdue for ${reference}`))[0],
      'the escalation email',
      30_000,
    );
    expect(escalation.text).toContain(`/console/cases/${caseId}`);
    expect(phiIn(`${escalation.subject} ${escalation.text}`)).toEqual([]);
    expect(await emailsTo(COORDINATOR, `Reminder: Triage due for ${reference}`)).not.toHaveLength(0);
    const triage = await api.waitForStep(caseId, 'triage');
    expect((await api.complete(COORDINATOR, triage, assign())).status).toBe(200);
    await api.waitForStep(caseId, 'investigation');
  });

  it('alerts the manager at once about an abuse, neglect or safety allegation, naming no one', async () => {
    const { reference } = await api.submit(
      familyComplaint({ description: 'My mother was left with bruises after she was restrained.' }),
    );
    const alert = await eventually(
      async () =>
        (await emailsTo(MANAGER, `Urgent: possible abuse, neglect or safety allegation in ${reference}`))[0],
      'the urgent alert',
    );
    expect(alert.text).toContain('482.13(c)(3)');
    expect(alert.text).not.toContain('bruises');
    expect(phiIn(`${alert.subject} ${alert.text}`)).toEqual([]);
  });

  it('pauses the response clock while waiting for the complainant, and resumes it', async () => {
    const { caseId, reference } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign());
    const investigation = await api.waitForStep(caseId, 'investigation');
    const before = await api.get<{ deadlines: { respond: { dueAt: string } } }>(REP, `/api/cases/${caseId}`);
    const ask = { outcome: 'request-information', message: 'Which clinic did you attend, and at what time?' };
    expect((await api.complete(REP, investigation, ask)).status).toBe(200);
    const waiting = await api.waitForStep(caseId, 'awaiting-complainant');
    await eventually(
      async () => (await emailsTo('ann@example.com', `We need some more information [${reference}]`))[0],
      'the request',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await api.complete(REP, waiting, { outcome: 'resume', note: 'Replied by phone.' })).status).toBe(
      200,
    );
    await api.waitForStep(caseId, 'investigation');
    const after = await api.get<{ deadlines: { respond: { dueAt: string; source: string } } }>(
      REP,
      `/api/cases/${caseId}`,
    );
    const moved =
      Date.parse(after.body.deadlines.respond.dueAt) - Date.parse(before.body.deadlines.respond.dueAt);
    expect(moved).toBeGreaterThanOrEqual(1_500);
    expect(after.body.deadlines.respond.source).toContain('paused');
  });

  it('sends a second information request in the same execution', async () => {
    const { caseId, reference } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign());
    const subject = `We need some more information [${reference}]`;
    const first = { outcome: 'request-information', message: 'Which clinic did you attend?' };
    expect((await api.complete(REP, await api.waitForStep(caseId, 'investigation'), first)).status).toBe(200);
    await eventually(async () => (await emailsTo('ann@example.com', subject))[0], 'the first request');
    const resume = { outcome: 'resume', note: 'Replied by phone.' };
    expect(
      (await api.complete(REP, await api.waitForStep(caseId, 'awaiting-complainant'), resume)).status,
    ).toBe(200);
    const second = { outcome: 'request-information', message: 'And at what time?' };
    expect((await api.complete(REP, await api.waitForStep(caseId, 'investigation'), second)).status).toBe(
      200,
    );
    const requests = await eventually(async () => {
      const sent = await emailsTo('ann@example.com', subject);
      return sent.length >= 2 ? sent : undefined;
    }, 'the second request');
    expect(requests.map((email) => email.text?.includes('And at what time?'))).toContain(true);
  });

  it('extends the response deadline with written reasons to the complainant, within the policy', async () => {
    const { caseId, reference } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign());
    await api.waitForStep(caseId, 'investigation');
    const first = await api.post<{ respondBy: string }>(REP, `/api/cases/${caseId}/extension`, {
      reason: 'We are waiting for a statement from the clinic.',
      days: 5,
    });
    expect(first.status).toBe(200);
    const notice = await eventually(
      async () =>
        (await emailsTo('ann@example.com', `We need more time to answer your complaint [${reference}]`))[0],
      'the extension notice',
    );
    expect(notice.text).toContain('waiting for a statement from the clinic');
    expect(
      (await api.post(REP, `/api/cases/${caseId}/extension`, { reason: 'More time.', days: 30 })).status,
    ).toBe(422);
    expect(
      (await api.post(REP, `/api/cases/${caseId}/extension`, { reason: 'More time.', days: 2 })).status,
    ).toBe(200);
    // us-cms-hospital allows two extensions.
    expect(
      (await api.post(REP, `/api/cases/${caseId}/extension`, { reason: 'More time.', days: 1 })).status,
    ).toBe(422);
  });

  it('gives an expedited case a 24-hour response deadline', async () => {
    const { caseId } = await api.submit(selfComplaint());
    await api.complete(
      COORDINATOR,
      await api.waitForStep(caseId, 'triage'),
      assign({ priority: 'expedited' }),
    );
    await api.waitForStep(caseId, 'investigation');
    const view = await api.get<{
      case: { receivedAt: string };
      deadlines: { respond: { dueAt: string; source: string } };
    }>(REP, `/api/cases/${caseId}`);
    const virtualHours =
      ((Date.parse(view.body.deadlines.respond.dueAt) - Date.parse(view.body.case.receivedAt)) *
        DAY_PER_SECOND) /
      3_600_000;
    expect(virtualHours).toBeCloseTo(24, 3);
    expect(view.body.deadlines.respond.source).toContain('24 hours');
  });
});

describe('withdraw and reopen', () => {
  it('withdraws at any step, ends the execution, and refuses a late completion with 409', async () => {
    const { caseId } = await api.submit(selfComplaint());
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), assign());
    const investigation = await api.waitForStep(caseId, 'investigation');
    expect((await api.post(REP, `/api/cases/${caseId}/withdraw`, { reason: 'Asked to stop.' })).status).toBe(
      403,
    );
    expect(
      (
        await api.post(COORDINATOR, `/api/cases/${caseId}/withdraw`, {
          reason: 'Complainant asked us to stop.',
        })
      ).status,
    ).toBe(200);
    expect((await executionStatus(caseId)).status).toBe('SUCCEEDED');
    const late = await api.complete(REP, investigation, {
      outcome: 'findings',
      stepsTaken: 'x',
      findings: 'y',
    });
    expect(late.status).toBe(409);
    expect((await api.post(COORDINATOR, `/api/cases/${caseId}/withdraw`, { reason: 'Again.' })).status).toBe(
      409,
    );
  });

  it('reopens a closed case in a new execution that starts at triage, keeping its history', async () => {
    const { caseId } = await api.submit(selfComplaint());
    const triage = await api.waitForStep(caseId, 'triage');
    const duplicateOf = await api.submit(selfComplaint({ description: 'The original case.' }));
    expect(
      (await api.complete(COORDINATOR, triage, { outcome: 'duplicate', duplicateOf: duplicateOf.reference }))
        .status,
    ).toBe(200);
    expect((await executionStatus(caseId)).status).toBe('SUCCEEDED');
    const reopened = await api.post<{ executionName: string }>(COORDINATOR, `/api/cases/${caseId}/reopen`, {
      reason: 'Not a duplicate after all.',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.executionName).toBe(`case-${caseId}-reopen-1`);
    await api.waitForStep(caseId, 'triage');
    const view = await api.get<{ timeline: { summary: string }[] }>(COORDINATOR, `/api/cases/${caseId}`);
    const events = view.body.timeline.map((entry) => entry.summary);
    expect(events).toEqual(expect.arrayContaining(['case.closed', 'case.reopened']));
  });
});

describe('the console API', () => {
  it('answers a malformed path or a cursor it never gave with 404 or 400, never 500', async () => {
    expect((await api.get(COORDINATOR, '/api/cases/%25')).status).toBe(404);
    expect((await api.get(COORDINATOR, '/api/cases/%')).status).toBe(404);
    const garbage = await api.get<{ errors: { field: string }[] }>(
      COORDINATOR,
      '/api/cases?stage=triage&cursor=not-a-cursor',
    );
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors.map((error) => error.field)).toEqual(['cursor']);
    const forged = Buffer.from(
      JSON.stringify({ pk: 'CASE#x', sk: 'CASE', gsi2pk: 'STAFF', gsi2sk: 'x' }),
    ).toString('base64url');
    expect((await api.get(COORDINATOR, `/api/cases?stage=triage&cursor=${forged}`)).status).toBe(400);
    const injected = Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url');
    expect((await api.get(COORDINATOR, `/api/cases?stage=triage&cursor=${injected}`)).status).toBe(400);
  });

  it('lists the staff directory to coordinators only, with their caseload and without contact details', async () => {
    expect((await api.get(REP, '/api/staff')).status).toBe(403);
    const directory = await api.get<{ staff: Record<string, unknown>[] }>(COORDINATOR, '/api/staff');
    expect(directory.status).toBe(200);
    expect(directory.body.staff.length).toBeGreaterThan(0);
    for (const member of directory.body.staff)
      expect(Object.keys(member).sort()).toEqual(['name', 'openTasks', 'roles', 'userId']);
  });

  it('records who read a case, and shows its access log to coordinators only', async () => {
    const { caseId } = await api.submit(selfComplaint());
    expect((await api.get(COORDINATOR, `/api/cases/${caseId}`)).status).toBe(200);
    const log = await api.get<{ items: { at: string; userId: string; action: string; sourceIp?: string }[] }>(
      COORDINATOR,
      `/api/cases/${caseId}/access-log`,
    );
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ action: 'view-case', userId: expect.any(String), at: expect.any(String) }),
    ]);
    expect(log.body.items[0]?.sourceIp).toMatch(/127\.0\.0\.1|::1/);
    expect((await api.get(REP, `/api/cases/${caseId}/access-log`)).status).toBe(403);
  });

  it('answers 401 without a token and lists tasks by role', async () => {
    expect((await fetch(`${stack.url}/api/tasks`)).status).toBe(401);
    const { caseId } = await api.submit(selfComplaint());
    await api.waitForStep(caseId, 'triage');
    const coordinator = await api.get<{ tasks: { caseId: string; step: string; sla: string }[] }>(
      COORDINATOR,
      '/api/tasks',
    );
    expect(coordinator.body.tasks.some((task) => task.caseId === caseId && task.step === 'triage')).toBe(
      true,
    );
    const rep = await api.get<{ tasks: { caseId: string }[] }>(REP, '/api/tasks');
    expect(rep.body.tasks.some((task) => task.caseId === caseId)).toBe(false);
    // Not theirs: the same 404 as a case that does not exist, so references cannot be probed.
    const notTheirs = await api.get(REP, `/api/cases/${caseId}`);
    const missing = await api.get(REP, '/api/cases/PR-2026-999999');
    expect([notTheirs.status, missing.status]).toEqual([404, 404]);
    expect(notTheirs.body).toEqual(missing.body);
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const document = (await (await fetch(`${stack.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/complaints', '/api/tasks/{taskId}/complete']),
    );
    expect(JSON.stringify(document.paths['/api/complaints'])).toContain('contactPreference');
  });
});
