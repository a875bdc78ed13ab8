/**
 * Security rules the server enforces, black-box on the local stack: the idle sign-out (HIPAA 164.312(a)(2)(iii))
 * holds whatever the browser does; the public form cannot be used to mail one address without limit.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_SIGN_OUT_MINUTES } from '../../functions/core/access/sessions';
import { ConsoleClient } from '../support/console-client';
import { familyComplaint } from '../support/fixtures';
import { eventually, outbox, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
let stack: TestStack;

beforeAll(async () => {
  // The deployed default (infra/settings.ts), not the test suites' generous one.
  process.env.ACKNOWLEDGEMENT_LIMIT = '3';
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { origin_jti: string };

describe('the idle sign-out', () => {
  it(`ends a session ${IDLE_SIGN_OUT_MINUTES} minutes after its last request, on the server, for good`, async () => {
    const api = new ConsoleClient(stack.url);
    expect((await api.get(COORDINATOR, '/api/tasks')).status).toBe(200);
    // Sixteen minutes pass without a request (the session's record is set back, as the clock cannot be).
    const session = claimsOf(await api.token(COORDINATOR)).origin_jti;
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.names.table,
        Key: { pk: `SESSION#${session}`, sk: 'SESSION' },
        UpdateExpression: 'SET lastSeenAt = lastSeenAt - :idle',
        ExpressionAttributeValues: { ':idle': (IDLE_SIGN_OUT_MINUTES + 1) * 60 },
      }),
    );
    const refused = await api.get<{ detail: string }>(COORDINATOR, '/api/tasks');
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/signed out after 15 minutes without activity/);
    // The token is still valid for an hour, but the session stays ended; signing in again starts a new one.
    expect((await api.get(COORDINATOR, '/api/cases')).status).toBe(401);
    const fresh = new ConsoleClient(stack.url);
    expect((await fresh.get(COORDINATOR, '/api/tasks')).status).toBe(200);
  });

  it('keeps a session that is in use', async () => {
    const api = new ConsoleClient(stack.url);
    for (let request = 0; request < 3; request += 1) {
      expect((await api.get(COORDINATOR, '/api/tasks')).status).toBe(200);
    }
  });
});

describe('acknowledgements to one address', () => {
  it('go out at most three times a day from the public form; the next case shows its acknowledgement withheld', async () => {
    const api = new ConsoleClient(stack.url);
    const target = 'someone.else@example.net';
    const complaint = familyComplaint({
      complainant: { name: 'Not Them', email: target, relationship: 'family' },
    });
    const cases = [];
    for (let submission = 0; submission < 4; submission += 1) cases.push(await api.submit(complaint));
    const last = cases[3]?.caseId as string;
    const view = await eventually(async () => {
      const { body } = await api.get<{ case: { autoReply?: { suppressed: boolean; reason: string } } }>(
        COORDINATOR,
        `/api/cases/${last}`,
      );
      return body.case.autoReply?.suppressed ? body.case : undefined;
    }, 'the fourth acknowledgement withheld');
    expect(view.autoReply?.reason).toMatch(/limit of automatic acknowledgements/);
    const acknowledged = await eventually(async () => {
      const mails = (await outbox(stack.outboxDir)).filter(({ raw }) => raw.includes(`To: ${target}`));
      return mails.length >= 3 ? mails : undefined;
    }, 'three acknowledgements');
    expect(acknowledged).toHaveLength(3);
  });
});

describe('the staff directory', () => {
  it("follows the identity provider's groups: the removed stop being assignable", async () => {
    const api = new ConsoleClient(stack.url);
    type Staff = { staff: { userId: string; roles: string[] }[] };
    const before = await api.get<Staff>(COORDINATOR, '/api/staff');
    expect(before.body.staff.map((member) => member.userId).sort()).toEqual([
      'dev-coordinator',
      'dev-manager',
      'dev-rep',
      'dev-rep-2',
    ]);
    stack.staffGroups.splice(
      stack.staffGroups.findIndex((member) => member.userId === 'dev-rep'),
      1,
    );
    await stack.runtime.invoke('refreshStaff', {});
    const after = await api.get<Staff>(COORDINATOR, '/api/staff');
    expect(after.body.staff.map((member) => member.userId).sort()).toEqual([
      'dev-coordinator',
      'dev-manager',
      'dev-rep-2',
    ]);
  });
});

describe("the desk's routes, by role", () => {
  it("give a representative nothing of another's case (404, as for no case) and refuse what their role cannot do", async () => {
    const api = new ConsoleClient(stack.url);
    const REP = 'rep@example.org';
    const surname = `Vantongeren${Date.now().toString(36)}`;
    const { caseId } = await api.submit(
      familyComplaint({
        complainant: { name: `Hester ${surname}`, email: `${surname}@example.net`, relationship: 'family' },
      }),
    );
    // Not theirs: not found by search, and every route on it answers as for a case that does not exist.
    const found = await api.get<{ results: unknown[] }>(REP, `/api/search?q=${surname}`);
    expect(found.status).toBe(200);
    expect(found.body.results).toEqual([]);
    expect(
      (await api.get<{ results: unknown[] }>(COORDINATOR, `/api/search?q=${surname}`)).body.results,
    ).toHaveLength(1);
    expect((await api.get(REP, `/api/cases/${caseId}`)).status).toBe(404);
    expect((await api.post(REP, `/api/cases/${caseId}`, { facility: 'Elsewhere' }, 'PATCH')).status).toBe(
      404,
    );
    expect(
      (
        await api.post(REP, `/api/cases/${caseId}/uploads`, {
          files: [{ filename: 'a.png', contentType: 'image/png', size: 10 }],
          description: 'A photo',
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.post(REP, `/api/cases/${caseId}/notes`, { channel: 'internal', summary: 'x' })).status,
    ).toBe(404);
    // Not their role: 403, with the reason.
    expect((await api.post(REP, `/api/cases/${caseId}/assign`, { assigneeId: 'dev-rep' })).status).toBe(403);
    expect((await api.get(REP, '/api/staff')).status).toBe(403);
    expect(
      (await api.post(REP, '/api/staff/dev-rep-2/cover', { coverId: 'dev-rep', until: '2099-01-01' }, 'PUT'))
        .status,
    ).toBe(403);
    expect(
      (await api.post(COORDINATOR, '/api/hospital-lists/categories', { version: 0, entries: [] }, 'PUT'))
        .status,
    ).toBe(403);
  });
});
