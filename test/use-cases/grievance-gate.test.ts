/**
 * The grievance gate without holes (issue 14 §3; CMS SOM Appendix A, 42 CFR 482.13(a)(2)): a written complaint or
 * an allegation of abuse is always a grievance; resolving at first contact is for verbal complaints resolved by
 * staff present; no grievance closes without its written response. Each was possible before.
 */
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../functions/core/errors';
import { completeTask } from '../../functions/core/review/complete-step';
import { codedClosure, selfComplaint } from '../support/fixtures';
import { arm, assignTo, coordinator, desk, newCase, representative } from './desk';

const resolve = { outcome: 'resolve-at-first-contact', summary: 'Explained the delay.' };

async function triage(deps: Awaited<ReturnType<typeof desk>>, caseId: string, body: unknown) {
  const { taskId } = await arm(deps, caseId, 'triage');
  return completeTask(deps, { actor: coordinator, taskId, body });
}

describe('the grievance gate', () => {
  it('never resolves a written complaint at first contact, nor makes it a complaint', async () => {
    const deps = await desk();
    for (const channel of ['web', 'email', 'letter'] as const) {
      const caseId = await newCase(deps, selfComplaint(), channel);
      const refused = await triage(deps, caseId, resolve).catch((error) => error);
      expect(refused).toBeInstanceOf(RuleViolationError);
      expect(refused.message).toBe(
        'A written complaint is always a grievance (CMS SOM Appendix A, 42 CFR 482.13(a)(2)).',
      );
      expect(refused.errors[0].field).toBe('outcome');
      const retyped = await triage(deps, caseId, { ...assignTo(representative.userId, 'complaint') }).catch(
        (error) => error,
      );
      expect(retyped).toBeInstanceOf(RuleViolationError);
      expect(retyped.errors[0].field).toBe('type');
      expect((await deps.cases.getCase(caseId))?.triage).toBeUndefined();
    }
  });

  it('makes a grievance another type only with a reason, kept and audited', async () => {
    const deps = await desk();
    const caseId = await newCase(
      deps,
      selfComplaint({ description: 'Please thank the night nurses on ward 4.' }),
    );
    const { reason: _none, ...withoutReason } = assignTo(representative.userId, 'compliment') as Record<
      string,
      unknown
    >;
    const refused = await triage(deps, caseId, withoutReason).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.errors[0].field).toBe('reason');
    await triage(deps, caseId, { ...withoutReason, reason: 'A thank-you, not a complaint.' });
    const record = await deps.cases.getCase(caseId);
    expect(record?.triage).toMatchObject({ type: 'compliment', reason: 'A thank-you, not a complaint.' });
    const triaged = deps.table.audit.find(
      (event) => event.caseId === caseId && event.type === 'case.triaged',
    );
    expect(triaged?.detail).toMatchObject({ type: 'compliment', retypedFrom: 'grievance' });
    // The reason is staff's words: on the case, not in the audit trail.
    expect(JSON.stringify(triaged)).not.toContain('thank-you');
  });

  it('resolves at first contact a verbal complaint, never an allegation of abuse', async () => {
    const deps = await desk();
    const verbal = await newCase(
      deps,
      selfComplaint({ description: 'The car park machine took my card.' }),
      'phone',
    );
    await expect(triage(deps, verbal, resolve)).resolves.toMatchObject({
      outcome: 'resolve-at-first-contact',
    });
    const abuse = await newCase(
      deps,
      selfComplaint({ description: 'A porter was rough and bruised my arm.' }),
      'walk-in',
    );
    const refused = await triage(deps, abuse, resolve).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.message).toContain('abuse, neglect or a safety risk');
  });

  it('closes no grievance whose written response was not sent, whatever path led to closure', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    await triage(deps, caseId, assignTo(representative.userId));
    const { taskId } = await arm(deps, caseId, 'closure');
    const refused = await completeTask(deps, {
      actor: coordinator,
      taskId,
      body: codedClosure(),
    }).catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.message).toContain('42 CFR 482.13(a)(2)(iii)');
    expect((await deps.cases.getCase(caseId))?.closure).toBeUndefined();
  });
});
