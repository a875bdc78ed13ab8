import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case/case';
import { classify } from '../../functions/core/intake/classification';
import { responseTemplate } from '../../functions/core/letters/response-draft';
import {
  checkCmsElements,
  checkNhsElements,
  checkResponse,
  NHS_RESPONSE_HEADINGS,
  RESPONSE_HEADINGS,
} from '../../functions/core/letters/response-letter';
import { selfComplaint } from '../support/fixtures';

const record = {
  caseId: 'c',
  reference: 'PR-2026-000009',
  receivedAt: '2026-11-02T14:00:00Z',
  channel: 'web',
  stage: 'response',
  complaint: selfComplaint(),
  classification: classify({ channel: 'web', description: 'wait' }),
  slaPolicy: 'us-cms-hospital',
  deadlines: {},
  workflow: { executionName: 'case-c' },
  investigation: {
    stepsTaken:
      'We interviewed the clinic staff on duty and reviewed the appointment system logs for that day.',
    findings: 'A booking error double-booked your slot. We have corrected the template and apologise.',
    recordedBy: 'rep',
    recordedAt: '2026-11-04T10:00:00Z',
  },
  version: 3,
} satisfies CaseRecord;
const triaged = {
  type: 'grievance' as const,
  category: 'Access',
  priority: 'routine' as const,
  decidedBy: 'u',
  decidedAt: '2026-11-02T15:00:00Z',
};
const contactPerson = { name: 'Riley Rep', contact: '+1 555 010 0101' };
const facts = { contactPerson, completionDate: '2026-11-06' };
const letter = responseTemplate(
  record,
  { userId: 'u', name: 'Riley Rep', email: 'rep@example.org', phone: '+1 555 010 0101' },
  'Example General Hospital',
  '2026-11-06',
);

describe('the written response and the four CMS elements (42 CFR 482.13(a)(2)(iii), A-0123)', () => {
  it('the template filled from the investigation passes', () => {
    expect(letter).toContain('6 November 2026');
    expect(checkCmsElements(letter, facts)).toEqual([]);
  });

  it('refuses a letter whose investigation steps were deleted', () => {
    const edited = letter.replace(record.investigation.stepsTaken, '');
    expect(checkCmsElements(edited, facts).map((error) => error.message)).toEqual([
      expect.stringContaining('steps taken to investigate'),
    ]);
  });

  it('refuses a letter that still has template placeholders', () => {
    const unfilled = responseTemplate(
      { ...record, investigation: undefined } as unknown as CaseRecord,
      { userId: 'u', name: 'Riley Rep', email: 'rep@example.org' },
      'H',
      '2026-11-06',
    );
    const messages = checkCmsElements(unfilled, {
      ...facts,
      contactPerson: { name: 'Riley Rep', contact: 'rep@example.org' },
    }).map((e) => e.message);
    expect(messages).toHaveLength(2);
  });

  it('refuses a letter without the contact person or the completion date', () => {
    const noContact = letter.replace('Riley Rep', 'our team');
    expect(checkCmsElements(noContact, facts)[0]?.message).toContain('contact person (Riley Rep)');
    const noDate = letter.replace('6 November 2026', 'soon');
    expect(checkCmsElements(noDate, facts)[0]?.message).toContain('date of completion');
  });

  it('refuses a letter that lost a heading, even if the words are elsewhere', () => {
    const noHeading = letter.replace(RESPONSE_HEADINGS.results, 'Other matters');
    expect(checkCmsElements(noHeading, facts).map((e) => e.message)).toEqual([
      expect.stringContaining('results'),
    ]);
  });
});

describe('the NHS response (SI 2009/309 reg 14(1))', () => {
  const nhs = { ...record, slaPolicy: 'uk-nhs' } satisfies CaseRecord;
  const draft = responseTemplate(
    nhs,
    { userId: 'u', name: 'Riley Rep', email: 'rep@example.org' },
    'Example NHS Trust',
    '2026-11-06',
  );

  it('lays out how it was considered, the conclusions, the actions and the right to go to the Ombudsman', () => {
    for (const heading of Object.values(NHS_RESPONSE_HEADINGS)) expect(draft).toContain(`\n${heading}\n`);
    expect(draft).toContain('Parliamentary and Health Service Ombudsman');
    expect(draft).not.toContain('State survey agency');
    // The action taken is the one section the investigation cannot fill: the template asks for it.
    expect(checkResponse(nhs, { body: draft, ...facts })?.missing.map((error) => error.message)).toEqual([
      'The letter must say what action was taken or is proposed, under "What we have done and will do" (SI 2009/309 reg 14(1)).',
    ]);
  });

  it('is complete once the action is written, and is checked for every NHS complaint, not only grievances', () => {
    const written = draft.replace(
      /\{\{Describe the action taken[^}]*\}\}/,
      'We have changed the booking template and the clinic manager now checks double bookings each morning.',
    );
    expect(checkResponse(nhs, { body: written, ...facts })).toEqual({
      rule: 'An NHS complaint response must meet SI 2009/309 reg 14(1).',
      missing: [],
    });
    const withoutOmbudsman = written.replace(/the Parliamentary and Health Service Ombudsman/, 'someone');
    expect(checkNhsElements(withoutOmbudsman).map((error) => error.message)).toEqual([
      expect.stringContaining('right to go to the Parliamentary and Health Service Ombudsman'),
    ]);
    const complaint = { ...nhs, triage: { ...triaged, type: 'complaint' as const } };
    expect(checkResponse(complaint, { body: draft, ...facts })?.missing).toHaveLength(1);
    // Under the CMS rules a complaint that is not a grievance needs no A-0123 letter.
    expect(
      checkResponse({ ...complaint, slaPolicy: 'us-cms-hospital' }, { body: '', ...facts }),
    ).toBeUndefined();
  });
});
