/** Correcting the record, and complainants without email (use cases on in-memory ports). */
import { describe, expect, it } from 'vitest';
import { correctCase } from '../../functions/core/case/correct-case';
import { sendCaseMessage } from '../../functions/core/correspondence/staff-correspondence';
import { NotFoundError, RuleViolationError } from '../../functions/core/errors';
import { ComplaintInput, WebComplaintInput } from '../../functions/core/intake/complaint';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { acknowledge } from '../../functions/core/review/acknowledge-the-complainant';
import { findCases } from '../../functions/core/search/find-cases';
import { selfComplaint } from '../support/fixtures';
import { coordinator, desk, newCase, representative } from './desk';

const address = { line1: '12 High Street', city: 'Springfield', postalCode: '01101' };

describe('correcting the record', () => {
  it('keeps each change with who, when, before and after; the audit names only the fields', async () => {
    const deps = await desk();
    const caseId = await newCase(deps, selfComplaint());
    const outcome = await correctCase(deps, {
      actor: coordinator,
      caseId,
      changes: {
        complainant: { email: 'ann.example@example.org', address },
        patient: { name: 'Ann Example', dateOfBirth: '1950-02-01', mrn: 'MRN-1' },
        department: 'Cardiology',
        reason: 'She called to correct her email.',
      },
    });
    expect(outcome.corrected).toEqual([
      'complainant.email',
      'complainant.address',
      'patient.name',
      'patient.dateOfBirth',
      'patient.mrn',
      'department',
    ]);
    const record = await deps.cases.getCase(caseId);
    expect(record?.complaint.complainant.email).toBe('ann.example@example.org');
    expect(record?.corrections?.[0]).toMatchObject({
      by: { userId: coordinator.userId, name: coordinator.name },
      reason: 'She called to correct her email.',
      changes: expect.arrayContaining([
        { field: 'complainant.email', before: 'ann@example.com', after: 'ann.example@example.org' },
        { field: 'department', before: undefined, after: 'Cardiology' },
      ]),
    });
    const { audit } = await deps.cases.caseTimeline(caseId);
    const corrected = audit.find((event) => event.type === 'case.corrected');
    expect(corrected?.detail?.fields).toContain('complainant.email');
    expect(JSON.stringify(corrected)).not.toContain('example.org');
    // Search follows the record: the new email and MRN find it, the old email does not.
    const found = async (q: string) => (await findCases(deps, coordinator, q)).results.map((r) => r.caseId);
    expect(await found('ann.example@example.org')).toEqual([caseId]);
    expect(await found('MRN-1')).toEqual([caseId]);
    expect(await found('ann@example.com')).toEqual([]);
  });

  it('refuses a correction that would leave the record incomplete, field by field, and changes nothing', async () => {
    const deps = await desk();
    const caseId = await newCase(deps, selfComplaint());
    const attempt = correctCase(deps, {
      actor: coordinator,
      caseId,
      changes: { complainant: { email: null }, patient: { dateOfBirth: '2999-01-01', name: 'X' } },
    });
    await expect(attempt).rejects.toThrow(RuleViolationError);
    await attempt.catch((error: RuleViolationError) =>
      expect(error.errors.map((problem) => problem.field)).toEqual(
        expect.arrayContaining(['patient.dateOfBirth', 'complainant.email']),
      ),
    );
    expect((await deps.cases.getCase(caseId))?.corrections).toBeUndefined();
  });

  it("is not open to a representative for someone else's case (404)", async () => {
    const deps = await desk();
    const caseId = await newCase(deps, selfComplaint());
    await expect(
      correctCase(deps, { actor: representative, caseId, changes: { department: 'Cardiology' } }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('a complainant without email', () => {
  it('can be recorded by phone or letter with a postal address; letters to them are for posting', async () => {
    const deps = await desk();
    const complaint = ComplaintInput.parse(
      selfComplaint({
        complainant: { name: 'Walter Walk-in', address, relationship: 'self' },
        contactPreference: 'letter',
      }),
    );
    const { caseId } = await submitComplaint(deps, {
      complaint,
      channel: 'letter',
      actor: coordinator.userId,
    });
    // No email: the acknowledgement is a letter to print and post, as every letter to them.
    expect(await acknowledge(deps, caseId)).toEqual({ sent: true });
    expect((await deps.cases.getCase(caseId))?.acknowledgement?.channel).toBe('letter');
    expect(deps.mailer.sent).toEqual([]);
    const sent = await sendCaseMessage(deps, {
      actor: coordinator,
      caseId,
      message: { subject: 'Your complaint', body: 'We are looking into it.' },
    });
    expect(sent.channel).toBe('letter');
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    expect(correspondence.at(-1)).toMatchObject({
      status: 'to-be-mailed',
      to: 'Walter Walk-in, 12 High Street, Springfield, 01101',
    });
  });

  it('needs some way to be reached, and the web form still needs an email', () => {
    const unreachable = ComplaintInput.safeParse(
      selfComplaint({ complainant: { name: 'Nobody', relationship: 'self' }, contactPreference: 'letter' }),
    );
    expect(unreachable.success).toBe(false);
    const web = WebComplaintInput.safeParse(
      selfComplaint({
        complainant: { name: 'Walter', address, relationship: 'self' },
        contactPreference: 'letter',
      }),
    );
    expect(web.success).toBe(false);
    expect(web.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['complainant.email']);
  });
});
