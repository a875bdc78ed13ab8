/**
 * Templates staff can edit (issue 15 §2): the shipped US and NHS wording, a manager's template per SLA policy and
 * per facility used for the next letter, placeholders checked on save (unknown, required, unreadable, a response
 * draft that would lose an element of 42 CFR 482.13(a)(2)(iii) or SI 2009/309 reg 14), the preview, the version.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case/case';
import { referCase } from '../../functions/core/correspondence/referrals';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../functions/core/errors';
import { changeList } from '../../functions/core/hospital/hospital-lists';
import {
  changeTemplate,
  previewTemplate,
  readTemplates,
  shippedTemplate,
  templateFor,
} from '../../functions/core/letters/templates';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { selfComplaint } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { assignTo, complete, coordinator, desk, manager, newCase, representative } from './desk';

const ACKNOWLEDGEMENT = shippedTemplate('us-cms-hospital', 'acknowledgement');

async function save(
  deps: MemoryDependencies,
  kind: string,
  scope: string,
  template?: { subject: string; body: string },
) {
  const { version } = await readTemplates(deps);
  return changeTemplate(deps, {
    actor: manager,
    kind,
    request: { version, scope, ...(template ? { template } : {}) },
  });
}

const acknowledgementTo = (deps: MemoryDependencies, email: string) =>
  deps.mailer.sent.find((mail) => mail.to === email && mail.subject.includes('received'));

describe('templates', () => {
  it('a case gets its policy wording: US by default, NHS under the NHS rules', async () => {
    const deps = await desk();
    const caseId = await newCase(
      deps,
      selfComplaint({ complainant: { name: 'Ann', email: 'ann@example.com', relationship: 'self' } }),
    );
    expect(acknowledgementTo(deps, 'ann@example.com')?.text).toContain('State survey agency');
    const record = await deps.cases.getCase(caseId);
    const nhs = await templateFor(
      deps,
      { ...(record as CaseRecord), slaPolicy: 'uk-nhs' },
      'acknowledgement',
    );
    expect(nhs.body).toContain('Parliamentary and Health Service');
  });

  it("a manager's template for the policy is used for the next letter; reset goes back to the shipped one", async () => {
    const deps = await desk();
    await save(deps, 'acknowledgement', 'policy:us-cms-hospital', {
      subject: 'Thank you: we have your complaint',
      body: ACKNOWLEDGEMENT.body.replace('Thank you for contacting', 'Thank you for writing to'),
    });
    await newCase(
      deps,
      selfComplaint({ complainant: { name: 'Bo', email: 'bo@example.com', relationship: 'self' } }),
    );
    const sent = deps.mailer.sent.find((mail) => mail.to === 'bo@example.com');
    expect(sent?.subject).toMatch(/^Thank you: we have your complaint \[PR-\d{4}-\d{6}\]$/);
    expect(sent?.text).toContain('Thank you for writing to Example General Hospital');
    // The private link is in the email; the copy kept on the case has the placeholder.
    expect(sent?.text).toMatch(/status\.html#/);

    await save(deps, 'acknowledgement', 'policy:us-cms-hospital');
    await newCase(
      deps,
      selfComplaint({ complainant: { name: 'Cy', email: 'cy@example.com', relationship: 'self' } }),
    );
    expect(acknowledgementTo(deps, 'cy@example.com')?.text).toContain('Thank you for contacting');
    expect((await deps.documents.recentChanges('templates', 5)).map((change) => change.version)).toEqual([
      2, 1,
    ]);
  });

  it("a facility's template comes before its policy's", async () => {
    const deps = await desk();
    await changeList(deps, {
      actor: manager,
      kind: 'facilities',
      request: { version: 0, entries: [{ name: 'Riverside Community Hospital', active: true }] },
    });
    await save(deps, 'acknowledgement', 'policy:us-cms-hospital', {
      subject: 'Policy wording',
      body: ACKNOWLEDGEMENT.body,
    });
    await save(deps, 'acknowledgement', 'facility:riverside-community-hospital', {
      subject: 'Riverside wording',
      body: ACKNOWLEDGEMENT.body,
    });
    await newCase(
      deps,
      selfComplaint({
        complainant: { name: 'Di', email: 'di@example.com', relationship: 'self' },
        facility: 'Riverside Community Hospital',
      }),
    );
    await newCase(
      deps,
      selfComplaint({ complainant: { name: 'Ed', email: 'ed@example.com', relationship: 'self' } }),
    );
    expect(deps.mailer.sent.find((mail) => mail.to === 'di@example.com')?.subject).toMatch(
      /^Riverside wording/,
    );
    expect(deps.mailer.sent.find((mail) => mail.to === 'ed@example.com')?.subject).toMatch(/^Policy wording/);
  });

  it('refuses a template with an unknown placeholder, without one it requires, or that cannot be read', async () => {
    const deps = await desk();
    const refused = (template: { subject: string; body: string }, kind = 'acknowledgement') =>
      save(deps, kind, 'policy:us-cms-hospital', template).catch((error) => error);
    const unknown = await refused({ subject: 'Hello', body: `${ACKNOWLEDGEMENT.body} {{complainantEmail}}` });
    expect(unknown).toBeInstanceOf(RuleViolationError);
    expect(unknown.errors[0].message).toMatch(
      /^\{\{complainantEmail\}\} is not a placeholder of this template/,
    );
    const noLink = await refused({ subject: 'Hello', body: 'Dear {{complainantName}}, case {{reference}}.' });
    expect(noLink.errors).toEqual([{ field: 'body', message: 'The template must use {{statusLink}}.' }]);
    const unreadable = await refused({ subject: 'Hello', body: '{{#byPost}} {{reference}} {{statusLink}}' });
    expect(unreadable.errors[0].message).toMatch(/^The template cannot be read/);
    // Staff notices offer nothing from the complaint or a person.
    const staff = await refused(
      { subject: 'Due', body: '{{reference}} {{consoleLink}} {{complainantName}}' },
      'staff-reminder',
    );
    expect(staff.errors[0].message).toMatch(/complainantName\}\} is not a placeholder/);
    expect((await readTemplates(deps)).version).toBe(0);
  });

  it('refuses a response draft that would lose an element its rules require', async () => {
    const deps = await desk();
    const us = shippedTemplate('us-cms-hospital', 'response-draft');
    const withoutResults = us.body.replace('What we found\n', '');
    const cms = await save(deps, 'response-draft', 'policy:us-cms-hospital', {
      subject: us.subject,
      body: withoutResults,
    }).catch((error) => error);
    expect(cms).toBeInstanceOf(RuleViolationError);
    expect(cms.errors.map((error: { message: string }) => error.message).join(' ')).toContain(
      'The response would lose a required element',
    );
    const nhs = shippedTemplate('uk-nhs', 'response-draft');
    const withoutOmbudsman = nhs.body.replace('If you are still not satisfied\n', '');
    await expect(
      save(deps, 'response-draft', 'policy:uk-nhs', { subject: nhs.subject, body: withoutOmbudsman }),
    ).rejects.toBeInstanceOf(RuleViolationError);
    // Reworded around the headings, it is accepted.
    await save(deps, 'response-draft', 'policy:uk-nhs', {
      subject: nhs.subject,
      body: nhs.body.replace('Thank you for telling us', 'We are grateful that you told us'),
    });
    expect((await readTemplates(deps)).overrides['policy:uk-nhs']?.['response-draft']?.by).toBe(
      manager.userId,
    );
  });

  it('previews with a sample case, saves only from the version read, and only for managers', async () => {
    const deps = await desk();
    const preview = await previewTemplate(deps, {
      actor: coordinator,
      kind: 'interim-letter',
      request: {
        scope: 'policy:us-cms-hospital',
        subject: 'Still working on {{reference}}',
        body: 'Dear {{complainantName}}, by {{expectedBy}}. {{nope}}',
      },
    });
    expect(preview.subject).toBe('Still working on PR-2026-000123');
    expect(preview.body).toBe('Dear Alex Example, by Monday 14 December 2026. ');
    expect(preview.problems).toEqual([
      expect.objectContaining({
        field: 'body',
        message: expect.stringContaining('{{nope}} is not a placeholder'),
      }),
    ]);
    await expect(
      changeTemplate(deps, {
        actor: coordinator,
        kind: 'interim-letter',
        request: {
          version: 0,
          scope: 'policy:us-cms-hospital',
          template: shippedTemplate('us-cms-hospital', 'interim-letter'),
        },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await save(
      deps,
      'interim-letter',
      'policy:us-cms-hospital',
      shippedTemplate('us-cms-hospital', 'interim-letter'),
    );
    await expect(
      changeTemplate(deps, {
        actor: manager,
        kind: 'interim-letter',
        request: {
          version: 0,
          scope: 'policy:us-cms-hospital',
          template: shippedTemplate('us-cms-hospital', 'interim-letter'),
        },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(save(deps, 'no-such-kind', 'policy:us-cms-hospital')).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    await expect(save(deps, 'interim-letter', 'facility:nowhere')).rejects.toBeInstanceOf(RuleViolationError);
  });

  it('a referral asks in the words of its template', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    await save(deps, 'referral-request', 'policy:us-cms-hospital', {
      subject: 'Case {{reference}}: your statement by {{dueBy}}',
      body: 'Hello {{recipientName}},\n\n{{question}}\n\nFrom {{askedBy}}, {{organizationName}}.',
    });
    await referCase(deps, {
      actor: coordinator,
      caseId,
      request: {
        to: 'ward7@example.org',
        toName: 'Ward 7B',
        question: 'What happened that night?',
        dueDate: '2026-11-20',
      },
    });
    const asked = deps.mailer.sent.find((mail) => mail.to === 'ward7@example.org');
    expect(asked?.subject).toMatch(/^Case PR-\d{4}-\d{6}: your statement by /);
    expect(asked?.text).toContain('Hello Ward 7B,\n\nWhat happened that night?');
  });

  it("a track's notice and closing letter come from their templates", async () => {
    const deps = await desk();
    await save(deps, 'track-notice-request', 'policy:us-cms-hospital', {
      subject: 'Your records request',
      body: 'Dear {{complainantName}},\n\nOur {{department}} has your request {{reference}}; expect us by {{dueBy}}.',
    });
    const caseId = await newCase(deps);
    await complete(
      deps,
      coordinator,
      caseId,
      'triage',
      assignTo(representative.userId, 'information-request'),
    );
    await sendCaseCorrespondence(deps, { caseId, action: 'track-notice' });
    const notice = deps.table.correspondence.find(
      (item) => item.caseId === caseId && item.kind === 'track-notice',
    );
    expect(notice?.subject).toMatch(/^Your records request \[PR-/);
    expect(notice?.body).toMatch(
      /^Dear .+,\n\nOur Health information management \(medical records\) has your request PR-\d{4}-\d{6}; expect us by \w+day \d+ \w+ \d{4}\.$/,
    );
  });
});
