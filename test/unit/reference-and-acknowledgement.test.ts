import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case/case';
import { classify } from '../../functions/core/intake/classification';
import { formatReference, isReference } from '../../functions/core/intake/reference';
import { buildAcknowledgement } from '../../functions/core/letters/acknowledgement';
import { computeDeadlines, SLA_POLICIES } from '../../functions/core/sla/sla-policies';
import { familyComplaint, PHI_MARKERS } from '../support/fixtures';

describe('case references', () => {
  it('reads like PR-2026-000123', () => {
    expect(formatReference('PR', 2026, 123)).toBe('PR-2026-000123');
    expect(isReference('PR-2026-000123')).toBe(true);
    expect(isReference('PR-26-123')).toBe(false);
  });

  it('grows past six digits instead of wrapping', () => {
    expect(formatReference('PR', 2026, 1_234_567)).toBe('PR-2026-1234567');
  });

  it('refuses a sequence that is not a positive integer', () => {
    expect(() => formatReference('PR', 2026, 0)).toThrow(RangeError);
  });
});

describe('the acknowledgement email', () => {
  const receivedAt = '2026-11-22T14:00:00.000Z';
  const record: CaseRecord = {
    caseId: '01JCASE0000000000000000000',
    reference: 'PR-2026-000042',
    receivedAt,
    channel: 'web',
    stage: 'intake',
    complaint: familyComplaint(),
    classification: classify({ channel: 'web', description: 'cold food' }),
    slaPolicy: 'us-cms-hospital',
    deadlines: computeDeadlines(SLA_POLICIES['us-cms-hospital'], new Date(receivedAt), 'America/New_York'),
    workflow: { executionName: 'case-x' },
    version: 1,
  };
  const email = buildAcknowledgement(record, {
    organizationName: 'Example General Hospital',
    organizationPhone: '+1 555 010 0100',
    timeZone: 'America/New_York',
    inboundAddress: 'complaints@liaison.example.org',
  });

  it('goes to the complainant, quotes the reference and says when the answer is due', () => {
    expect(email.to).toBe(PHI_MARKERS.complainantEmail);
    expect(email.subject).toContain('[PR-2026-000042]');
    expect(email.text).toContain('opened case PR-2026-000042');
    expect(email.text).toContain('by Sunday 29 November 2026');
    expect(email.text).toContain('+1 555 010 0100');
  });

  it('tells the complainant about the State agency and the QIO (42 CFR 482.13(a)(2))', () => {
    expect(email.text).toMatch(/State survey agency/);
    expect(email.text).toMatch(/Quality Improvement Organization/);
  });

  it('under the NHS rules offers to discuss the complaint and names the Ombudsman, not US agencies', () => {
    const nhs = buildAcknowledgement(
      {
        ...record,
        slaPolicy: 'uk-nhs',
        timeZone: 'Europe/London',
        deadlines: computeDeadlines(SLA_POLICIES['uk-nhs'], new Date(receivedAt), 'Europe/London'),
      },
      {
        organizationName: 'Riverside Trust',
        organizationPhone: '+44 20 7946 0000',
        timeZone: 'America/New_York',
        inboundAddress: 'complaints@liaison.example.org',
      },
    ).text.replace(/\n/g, ' ');
    expect(nhs).toContain('We would like to talk with you about how we will look into your complaint');
    expect(nhs).toContain('Parliamentary and Health Service Ombudsman');
    expect(nhs).not.toMatch(/State survey agency|Quality Improvement Organization/);
  });

  it('is marked automatic (RFC 3834) so auto-responders do not answer it, and replies thread to the case', () => {
    expect(email.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    expect(email.replyTo).toBe('complaints+01jcase0000000000000000000@liaison.example.org');
  });

  it('does not repeat the complaint or the patient details (email leaves AWS)', () => {
    expect(email.text).not.toContain(PHI_MARKERS.description);
    expect(email.text).not.toContain(PHI_MARKERS.patientName);
    expect(email.text).not.toContain(PHI_MARKERS.mrn);
    expect(email.text).not.toContain(PHI_MARKERS.dateOfBirth);
  });
});

describe('the private status link in the acknowledgement', () => {
  it('goes in the email sent; the copy kept on the case has a placeholder instead', async () => {
    const { buildAcknowledgement: build, STATUS_LINK_PLACEHOLDER } = await import(
      '../../functions/core/letters/acknowledgement'
    );
    const { newStatusToken, statusLink, statusTokenHash } = await import(
      '../../functions/core/status-page/status-page'
    );
    const { token, hash } = newStatusToken();
    expect(hash).toBe(statusTokenHash(token));
    expect(hash).not.toContain(token);
    const settings = {
      organizationName: 'H',
      organizationPhone: '1',
      timeZone: 'UTC',
      inboundAddress: 'c@liaison.example.org',
    };
    const link = statusLink('https://liaison.example.org/', token);
    expect(link).toBe(`https://liaison.example.org/status.html#${token}`);
    const record = {
      caseId: '01KSTATUS00000000000000000',
      reference: 'PR-2026-000001',
      receivedAt: '2026-11-22T14:00:00.000Z',
      channel: 'web',
      stage: 'intake',
      complaint: familyComplaint(),
      classification: classify({ channel: 'web', description: 'x' }),
      slaPolicy: 'us-cms-hospital',
      deadlines: {},
      workflow: { executionName: 'case-x' },
      version: 1,
    } satisfies CaseRecord;
    expect(build(record, settings, { statusLink: link }).text).toContain(link);
    const kept = build(record, settings).text;
    expect(kept).toContain(STATUS_LINK_PLACEHOLDER);
    expect(kept).not.toContain(token);
  });
});
