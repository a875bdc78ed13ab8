import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case/case';
import { classify } from '../../functions/core/intake/classification';
import {
  interimLetter,
  staffClockEmail,
  urgentAllegationEmail,
} from '../../functions/core/letters/notifications';
import { familyComplaint, phiIn } from '../support/fixtures';

const record: CaseRecord = {
  caseId: '01KNOTIFY00000000000000000',
  reference: 'PR-2026-000077',
  receivedAt: '2026-11-02T14:00:00Z',
  channel: 'web',
  stage: 'triage',
  complaint: familyComplaint(),
  classification: classify({ channel: 'web', description: 'x' }),
  slaPolicy: 'us-cms-hospital',
  deadlines: {},
  workflow: { executionName: 'case-x' },
  version: 1,
};
const settings = {
  organizationName: 'Example General Hospital',
  organizationPhone: '+1 555 010 0100',
  timeZone: 'America/New_York',
  consoleUrl: 'https://liaison.example.org/',
  inboundAddress: 'complaints@liaison.example.org',
};

describe('staff notifications carry the minimum necessary', () => {
  it.each(['reminder', 'escalation', 'second-escalation'] as const)(
    '%s: reference, step, due time, link; no PHI',
    (kind) => {
      const email = staffClockEmail(
        kind,
        record,
        'triage',
        '2026-11-03T14:00:00Z',
        'manager@example.org',
        settings,
      );
      expect(email.subject).toContain('PR-2026-000077');
      expect(email.text).toContain('Tuesday 3 November 2026 at 09:00 EST');
      expect(email.text).toContain('https://liaison.example.org/console/cases/01KNOTIFY00000000000000000');
      expect(phiIn(`${email.subject}\n${email.text}`)).toEqual([]);
      expect(email.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    },
  );

  it('the urgent alert cites the rule and names no one', () => {
    const email = urgentAllegationEmail(record, 'manager@example.org', settings);
    expect(email.text).toContain('482.13(c)(3)');
    expect(phiIn(`${email.subject}\n${email.text}`)).toEqual([]);
  });

  it('the interim letter tells the complainant when to expect the response', () => {
    const email = interimLetter(record, '2026-12-02T14:00:00Z', settings);
    expect(email.to).toBe(record.complaint.complainant.email);
    expect(email.subject).toBe('We are still looking into your complaint [PR-2026-000077]');
    expect(email.text).toContain('by Wednesday 2 December 2026');
    // Replies go to the case's own address, so they thread back even without In-Reply-To.
    expect(email.replyTo).toBe('complaints+01knotify00000000000000000@liaison.example.org');
  });
});

describe('escalation contacts per facility and department', () => {
  const contacts = {
    coordinators: 'pr@example.org',
    manager: 'manager@example.org',
    director: 'director@example.org',
    byFacility: {
      'North Campus': { manager: 'north-manager@example.org', director: 'north-director@example.org' },
    },
    byDepartment: { Emergency: { manager: 'ed-manager@example.org' } },
  };

  it('uses the defaults, then the facility, then the department', async () => {
    const { contactsFor } = await import('../../functions/core/sla/escalation-contacts');
    const base = {
      ...record,
      complaint: { ...record.complaint, facility: undefined, department: undefined },
    };
    expect(contactsFor(contacts, base).manager).toBe('manager@example.org');
    const north = { ...base, complaint: { ...base.complaint, facility: 'North Campus' } };
    expect(contactsFor(contacts, north)).toMatchObject({
      manager: 'north-manager@example.org',
      director: 'north-director@example.org',
    });
    const northEmergency = {
      ...north,
      triage: {
        type: 'grievance' as const,
        category: 'c',
        priority: 'routine' as const,
        department: 'Emergency',
        decidedBy: 'u',
        decidedAt: 'now',
      },
    };
    expect(contactsFor(contacts, northEmergency)).toMatchObject({
      manager: 'ed-manager@example.org',
      director: 'north-director@example.org',
      coordinators: 'pr@example.org',
    });
  });
});
