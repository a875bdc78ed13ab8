/**
 * Intake on in-memory ports: classification (CMS SOM Appendix A, 482.13(a)(2)), one case per Idempotency-Key,
 * and a case kept safe when its workflow cannot start.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from '../../functions/core/errors';
import {
  SWEEP_GRACE_MS,
  startPendingWorkflows,
  submitComplaint,
} from '../../functions/core/intake/submit-complaint';
import { acknowledge } from '../../functions/core/review/acknowledge-the-complainant';
import { familyComplaint, selfComplaint } from '../support/fixtures';
import { desk, newCase, openAsTheWorkflowDoes } from './desk';

describe('classifying a new case', () => {
  it.each([
    ['web', false, 'grievance', 'cms-written-complaint'],
    ['email', false, 'grievance', 'cms-written-complaint'],
    ['letter', false, 'grievance', 'cms-written-complaint'],
    ['phone', true, 'complaint', 'cms-verbal-resolved-promptly'],
    ['walk-in', true, 'complaint', 'cms-verbal-resolved-promptly'],
    ['phone', false, 'grievance', 'cms-verbal-not-resolved'],
  ] as const)(
    'a %s complaint (resolved at once: %s) is a %s by rule %s',
    async (channel, resolved, kind, ruleId) => {
      const deps = await desk();
      const { caseId } = await submitComplaint(deps, {
        complaint: selfComplaint(),
        channel,
        actor: channel === 'web' ? 'complainant' : 'u-casey',
        resolvedAtFirstContact: resolved,
      });
      expect((await deps.cases.getCase(caseId))?.classification).toMatchObject({ kind, ruleId });
    },
  );

  it('makes any allegation of abuse or neglect an urgent grievance, even when resolved at once', async () => {
    const deps = await desk();
    const { caseId } = await submitComplaint(deps, {
      complaint: selfComplaint({ description: 'A porter pushed my father and left a bruise on his arm.' }),
      channel: 'phone',
      actor: 'u-casey',
      resolvedAtFirstContact: true,
    });
    expect((await deps.cases.getCase(caseId))?.classification).toMatchObject({
      kind: 'grievance',
      priority: 'urgent',
      ruleId: 'cms-abuse-neglect-safety',
    });
  });

  it('numbers references per year in the organization time zone', async () => {
    const deps = await desk({ referencePrefix: 'PX' });
    deps.clock.set('2027-01-01T03:00:00Z'); // still 2026 in New York
    const first = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    deps.clock.set('2027-01-01T06:00:00Z');
    const second = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    expect([first.reference, second.reference]).toEqual(['PX-2026-000001', 'PX-2027-000001']);
  });
});

describe('an Idempotency-Key', () => {
  it('answers a retry with the first answer and stores one case', async () => {
    const deps = await desk();
    const request = {
      complaint: familyComplaint(),
      channel: 'web' as const,
      actor: 'complainant',
      idempotencyKey: 'key-00001',
    };
    const first = await submitComplaint(deps, request);
    const again = await submitComplaint(deps, { ...request, complaint: { ...familyComplaint() } });
    expect(again).toEqual({ ...first, replayed: true });
    expect(deps.table.cases.size).toBe(1);
    // Before its first step has run, a retry starts the same execution again (by name: AWS answers as before).
    const name = `case-${first.caseId}`;
    expect(deps.workflow.started.map((each) => each.executionName)).toEqual([name, name]);
    await openAsTheWorkflowDoes(deps, first.caseId);
    expect(await submitComplaint(deps, request)).toEqual({ ...first, replayed: true });
    expect(deps.workflow.started).toHaveLength(2);
  });

  it('refuses the same key with a different complaint', async () => {
    const deps = await desk();
    await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
      idempotencyKey: 'key-00002',
    });
    await expect(
      submitComplaint(deps, {
        complaint: selfComplaint({ description: 'Something else entirely happened in the car park.' }),
        channel: 'web',
        actor: 'complainant',
        idempotencyKey: 'key-00002',
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });
});

describe('a workflow that cannot start', () => {
  /** A case stored while StartExecution was throttled. */
  async function caseNotStarted() {
    const deps = await desk();
    deps.workflow.failStarts = true;
    const { caseId } = await submitComplaint(deps, {
      complaint: selfComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    deps.workflow.failStarts = false;
    return { deps, caseId };
  }

  it('keeps the case, reports it, and leaves it to the sweeper once the grace period has passed', async () => {
    const { deps, caseId } = await caseNotStarted();
    expect(deps.deferredStarts).toEqual([caseId]);
    expect((await deps.cases.getCase(caseId))?.workflow.startedAt).toBeUndefined();

    expect(await startPendingWorkflows(deps)).toEqual({ started: 0, failed: 0 });
    deps.clock.advance(SWEEP_GRACE_MS + 1_000);
    expect(await startPendingWorkflows(deps)).toEqual({ started: 1, failed: 0 });
    expect(deps.workflow.started).toEqual([{ caseId, executionName: `case-${caseId}` }]);
    // Until its first step records the start, a later sweep starts the same execution again (by name: harmless).
    expect(await startPendingWorkflows(deps)).toEqual({ started: 1, failed: 0 });
    await openAsTheWorkflowDoes(deps, caseId);
    expect(await startPendingWorkflows(deps)).toEqual({ started: 0, failed: 0 });
    expect(deps.workflow.started).toHaveLength(2);
  });

  it('records the start of an execution that ended before its first step could, so the sweeper stops', async () => {
    const { deps, caseId } = await caseNotStarted();
    deps.clock.advance(SWEEP_GRACE_MS + 1_000);
    deps.workflow.startsFindEnded = true;
    expect(await startPendingWorkflows(deps)).toEqual({ started: 1, failed: 0 });
    expect((await deps.cases.getCase(caseId))?.workflow.startedAt).toBe(deps.clock.now().toISOString());
    expect(await startPendingWorkflows(deps)).toEqual({ started: 0, failed: 0 });
  });
});

describe('a case is born complete', () => {
  it('has its deadlines and their audit event from intake, and "Open the case" only records the start', async () => {
    const deps = await desk({ timeScale: 60 });
    const { caseId, receivedAt } = await submitComplaint(deps, {
      complaint: familyComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    const born = await deps.cases.getCase(caseId);
    expect(born?.timeScale).toBe(60);
    expect(born?.deadlines.respond?.source).toContain('A-0123');
    expect(Date.parse(born?.deadlines.respond?.dueAt ?? '')).toBeGreaterThan(Date.parse(receivedAt));
    expect(born?.workflow.startedAt).toBeUndefined();

    deps.clock.advance(5_000);
    expect(await openAsTheWorkflowDoes(deps, caseId)).toEqual({
      kind: 'grievance',
      priority: born?.classification.priority,
    });
    const opened = await deps.cases.getCase(caseId);
    expect(opened?.deadlines).toEqual(born?.deadlines);
    expect(opened?.workflow.startedAt).toBe(deps.clock.now().toISOString());
    expect(
      deps.table.audit.filter((event) => event.caseId === caseId && event.type === 'deadlines.set'),
    ).toHaveLength(1);
  });

  it('gets its deadlines at "Open the case" when it was stored without them', async () => {
    const deps = await desk();
    const { caseId } = await submitComplaint(deps, {
      complaint: familyComplaint(),
      channel: 'web',
      actor: 'complainant',
    });
    const stored = await deps.cases.getCase(caseId);
    if (!stored) throw new Error('no case');
    await deps.cases.saveCase({
      record: { ...stored, deadlines: {}, version: stored.version + 1 },
      expectedVersion: stored.version,
      audit: [],
    });

    await openAsTheWorkflowDoes(deps, caseId);
    expect((await deps.cases.getCase(caseId))?.deadlines).toEqual(stored.deadlines);
  });
});

describe('abuse of the public form', () => {
  it('refuses a name of more than one line', async () => {
    const { ComplaintInput, toFieldErrors } = await import('../../functions/core/intake/complaint');
    const parsed = ComplaintInput.safeParse(
      selfComplaint({
        complainant: {
          name: 'Ann\r\n\r\nYour account is suspended, call 555 0100',
          email: 'a@example.com',
          relationship: 'self',
        },
      }),
    );
    expect(parsed.success).toBe(false);
    expect(toFieldErrors(parsed.error ?? [])).toEqual([
      { field: 'complainant.name', message: 'Your name must be a single line of text.' },
    ]);
  });

  it('acknowledges one address a limited number of times a day, and shows the rest as withheld', async () => {
    const deps = await desk({ acknowledgementLimit: 2 });
    const victim = selfComplaint({
      complainant: { name: 'Ann Example', email: 'Victim@Example.com', relationship: 'self' },
    });
    const first = await newCase(deps, victim);
    const second = await newCase(deps, victim);
    const third = await newCase(deps, {
      ...victim,
      complainant: { ...victim.complainant, email: 'victim@example.com' },
    });
    expect(deps.mailer.sent.map((email) => email.to)).toEqual(['Victim@Example.com', 'Victim@Example.com']);
    for (const caseId of [first, second])
      expect((await deps.cases.getCase(caseId))?.acknowledgement).toBeDefined();
    // The third is not acknowledged automatically, and the case says so, for a coordinator to act on.
    const withheld = await deps.cases.getCase(third);
    expect(withheld?.acknowledgement).toBeUndefined();
    expect(withheld?.autoReply).toEqual({ suppressed: true, reason: expect.stringContaining('limit') });
    const { audit } = await deps.cases.caseTimeline(third);
    expect(audit.map((event) => event.type)).toContain('acknowledgement.withheld');
    // A retry of an acknowledged case is not refused by its own count.
    expect(await acknowledge(deps, first)).toEqual({ sent: false });
    // A day later the address may be acknowledged again.
    deps.clock.advance(24 * 60 * 60 * 1000 + 1000);
    await newCase(deps, victim);
    expect(deps.mailer.sent).toHaveLength(3);
  });
});
