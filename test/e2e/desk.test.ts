/**
 * The desk in a real browser (issue 13), as a coordinator and a representative would use it, under the production
 * CSP, with axe on every page: find a caller's cases without a reference, see their other cases, assign a case by
 * name, correct the record, withdraw and reopen; place a held message and share it with the complainant; a
 * representative's search finds only their own cases; a manager arranges cover for a representative away, and the
 * cover works their step until it ends. The assignment is done by keyboard alone.
 */
import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../web/build-console';
import { expectAccessible, expectReflow, launchBrowser, signIn, snapshot } from '../support/browser';
import { ConsoleClient } from '../support/console-client';
import { familyComplaint, selfComplaint } from '../support/fixtures';
import { emailIntake, outbox, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';
const REP2 = 'rep2@example.org';
const MANAGER = 'manager@example.org';
let stack: TestStack;
let browser: Browser;
let api: ConsoleClient;
const cspViolations: string[] = [];

beforeAll(async () => {
  await buildConsole();
  stack = await startTestStack();
  browser = await launchBrowser();
  api = new ConsoleClient(stack.url);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${stack.url}/console/`);
  await signIn(page, email);
  return page;
}

async function search(page: Page, query: string) {
  await page.getByRole('searchbox', { name: 'Find a person or case' }).fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { name: `Search: ${query}` }).waitFor();
  await page
    .locator('main p[aria-live]')
    .filter({ hasText: /found|No case/ })
    .waitFor();
}

describe('the desk', () => {
  let first = { caseId: '', reference: '' };
  let second = { caseId: '', reference: '' };

  it('finds a caller by name without a reference, with their other cases', async () => {
    const caller = {
      name: 'Ottoline Fairweather-Jones',
      email: 'ottoline@example.net',
      phone: '+1 555 010 7788',
      relationship: 'family' as const,
    };
    first = await api.submit(familyComplaint({ complainant: caller }));
    second = await api.submit(
      familyComplaint({ complainant: caller, description: 'And the parking, again.' }),
    );
    await api.submit(selfComplaint());

    const page = await signedIn(COORDINATOR);
    await search(page, 'fairweather ottol');
    await snapshot(page, 'search.png');
    await expectAccessible(page);
    await expectReflow(page);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // Each result names the person's other case.
    const firstRow = rows
      .filter({ has: page.getByRole('link', { name: first.reference, exact: true }) })
      .first();
    await expect.poll(() => firstRow.textContent()).toContain(second.reference);

    // By phone, typed as a caller reads it out.
    await search(page, '555-010-7788');
    await expect.poll(() => rows.count()).toBe(2);
    expect(cspViolations).toEqual([]);
  });

  it('assigns by name from the keyboard, corrects the record, withdraws and reopens, all on the timeline', async () => {
    const page = await signedIn(COORDINATOR);
    await search(page, first.reference.toLowerCase());
    await page.getByRole('link', { name: first.reference, exact: true }).click();
    await page.getByRole('heading', { name: `Case ${first.reference}` }).waitFor();
    await expectAccessible(page);

    // Assign by keyboard: open the disclosure, choose Riley by name, press the button.
    await page.getByText('Assign to someone', { exact: true }).focus();
    await page.keyboard.press('Enter');
    const picker = page.getByLabel('Assign to');
    await picker.focus();
    const riley = await picker.locator('option', { hasText: 'Riley Rep' }).getAttribute('value');
    await picker.selectOption(riley as string);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.summary').textContent()).toContain('Riley Rep');
    await expect
      .poll(() => page.locator('#timeline-heading + ol').textContent())
      .toContain('Assigned by Casey Coordinator to Riley Rep');

    // Correct the record: a mistyped email.
    await page.getByText('Correct the record', { exact: true }).click();
    await snapshot(page, 'case-actions.png', true);
    await page.getByRole('textbox', { name: 'Email address' }).fill('ottoline.fw@example.net');
    await page.getByLabel('Why (optional)').fill('She spelled it out on the phone.');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await expect
      .poll(() => page.locator('#timeline-heading + ol').textContent())
      .toContain(
        "Casey Coordinator corrected the complainant's email from ottoline@example.net to ottoline.fw@example.net",
      );
    await expectAccessible(page);

    // A correction that would leave the record incomplete is refused field by field.
    await page.getByLabel('Date of birth (YYYY-MM-DD)').fill('2999-01-01');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('patient.dateOfBirth'));

    // Withdraw, then reopen.
    await page.getByText('Withdraw the case', { exact: true }).click();
    await page.getByLabel('Why it is withdrawn').fill('Resolved on the phone.');
    await page.getByRole('button', { name: 'Confirm the withdrawal' }).click();
    await expect.poll(() => page.locator('.summary dd').first().textContent()).toBe('withdrawn');
    await page.getByText('Reopen the case', { exact: true }).click();
    await page.getByLabel('Why it is reopened').fill('She called back: not resolved.');
    await page.getByRole('button', { name: 'Confirm the reopening' }).click();
    await expect
      .poll(() => page.locator('.summary dd').first().textContent(), { timeout: 20_000 })
      .not.toBe('withdrawn');
    await expect
      .poll(() => page.locator('#timeline-heading + ol').textContent())
      .toContain('Reopened by Casey Coordinator');
    await expectAccessible(page);
  });

  it('places a held message on the case it points to, then shares it with the complainant', async () => {
    await emailIntake(stack, {
      from: 'Dr Omar Other <omar.other@example.net>',
      to: 'complaints@liaison.example.org',
      subject: `Re: [${first.reference}] my statement`,
      text: 'Clinical statement for the file.',
    });
    const page = await signedIn(COORDINATOR);
    await page.getByRole('link', { name: 'Held mail' }).click();
    await page.getByRole('heading', { name: 'Held mail' }).waitFor();
    const item = page.locator('li').filter({ hasText: 'my statement' }).first();
    await item.waitFor();
    await snapshot(page, 'held-mail.png');
    await expectAccessible(page);
    // The case it seems to belong to is offered; a search could find another.
    await item.getByRole('button', { name: 'Place on this case' }).click();
    await page.getByRole('status').filter({ hasText: 'Placed on the case.' }).waitFor();

    await search(page, first.reference);
    await page.getByRole('link', { name: first.reference, exact: true }).click();
    await page.getByRole('heading', { name: `Case ${first.reference}` }).waitFor();
    await page.getByRole('button', { name: 'Share this with the complainant on the status page' }).click();
    await page.getByRole('button', { name: 'Stop showing this on the status page' }).waitFor();
    await expect
      .poll(() => page.locator('#timeline-heading + ol').textContent())
      .toContain('A received message shared with the complainant by Casey Coordinator');
    await expectAccessible(page);
  });

  it('adds a file to a case from the case page, which joins it once scanned as an internal item', async () => {
    const page = await signedIn(COORDINATOR);
    await page.goto(`${stack.url}/console/cases/${first.caseId}`);
    await page.getByRole('heading', { name: `Case ${first.reference}` }).waitFor();
    await page.getByText('Add files', { exact: true }).click();
    // A real PNG header, enough for the content check to recognise it.
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
      Buffer.alloc(64),
    ]);
    await page
      .getByLabel(/^Files/)
      .setInputFiles({ name: 'statement.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('What the files are').fill("Ward manager's statement");
    await page.getByRole('button', { name: 'Add to the case' }).click();
    await page.getByRole('status').filter({ hasText: 'once the malware scan has passed' }).waitFor();
    await expectAccessible(page);
    await stack.uploadsScanned();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: `Case ${first.reference}` }).waitFor();
          return page.locator('#correspondence-heading ~ ol').textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('File added by Casey Coordinator: statement.png');
    await page.getByRole('button', { name: 'Download statement.png' }).waitFor();
  });

  it('asks a department from the case page, and shows the referral answered when they reply', async () => {
    const page = await signedIn(COORDINATOR);
    await page.goto(`${stack.url}/console/cases/${second.caseId}`);
    await page.getByRole('heading', { name: `Case ${second.reference}` }).waitFor();
    await page.getByText('Ask someone (referral)', { exact: true }).click();
    await page.getByLabel('Send the question to (email)').fill('parking.lead@example.org');
    await page.getByLabel('Their name (optional)').fill('Pat Parking');
    await page.getByLabel(/^The question/).fill('Were the barriers faulty on 1 November?');
    await page.getByLabel('Answer by').fill('2099-01-15');
    await page.getByRole('button', { name: 'Send the question' }).click();
    await expect
      .poll(() => page.locator('.summary').textContent())
      .toContain('Pat Parking: open, due 2099-01-15');
    await expectAccessible(page);
    const { referralId } = (
      await api.get<{ case: { referrals: { referralId: string }[] } }>(
        COORDINATOR,
        `/api/cases/${second.caseId}`,
      )
    ).body.case.referrals[0] as { referralId: string };
    await emailIntake(stack, {
      from: 'Pat Parking <parking.lead@example.org>',
      to: `complaints+${second.caseId.toLowerCase()}-${referralId.toLowerCase()}@liaison.example.org`,
      subject: 'Re: your question',
      text: 'Yes: barrier 2 was stuck open all afternoon.',
    });
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByRole('heading', { name: `Case ${second.reference}` }).waitFor();
        return page.locator('.summary').textContent();
      })
      .toContain('Pat Parking: answered');
    expect(await page.locator('#correspondence-heading ~ ol').textContent()).toContain(
      'barrier 2 was stuck open',
    );
  });

  it("records the patient's consent for a complaint made on their behalf", async () => {
    const page = await signedIn(COORDINATOR);
    await page.goto(`${stack.url}/console/cases/${first.caseId}`);
    await page.getByRole('heading', { name: `Case ${first.reference}` }).waitFor();
    expect(await page.locator('.summary').textContent()).toContain('Acting for the patientpending');
    await page.getByText('Record consent or authority', { exact: true }).click();
    await page.getByLabel('Consent or authority').selectOption('obtained');
    await page.getByLabel('On what basis').selectOption('patient-consent');
    await page.getByRole('button', { name: 'Record it' }).click();
    await expect.poll(() => page.locator('.summary').textContent()).toContain('obtained (patient-consent)');
    await expectAccessible(page);
  });

  it('gives a representative only their own cases in a search', async () => {
    const page = await signedIn(REP);
    await search(page, 'Fairweather');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain(first.reference);
    // The caller's other case is not theirs: it is not even named.
    expect(await rows.first().textContent()).not.toContain(second.reference);
    await expectAccessible(page);
  });

  it('arranges cover for someone away: the cover works their step, and it ends when they are back', async () => {
    const { caseId, reference } = await api.submit(selfComplaint());
    const triage = await api.waitForStep(caseId, 'triage');
    await api.complete(COORDINATOR, triage, {
      outcome: 'assign',
      type: 'grievance',
      category: 'Nursing care',
      priority: 'routine',
      assigneeId: 'dev-rep',
    });
    await api.waitForStep(caseId, 'investigation');

    const manager = await signedIn(MANAGER);
    await manager.getByRole('link', { name: 'Team' }).click();
    await manager.getByRole('heading', { name: 'Team' }).waitFor();
    const riley = manager
      .getByRole('row')
      .filter({ has: manager.getByRole('rowheader', { name: 'Riley Rep' }) });
    await riley.getByRole('button', { name: 'Riley Rep is away…' }).click();
    const form = manager.getByRole('form', { name: 'Cover for Riley Rep' });
    await form.getByLabel('Covered by').selectOption({ label: 'Robin Rep' });
    // A last day in the past is refused beside the field.
    await form.getByLabel('Last day away').fill('2020-01-01');
    await form.getByRole('button', { name: 'Arrange cover' }).click();
    await expect
      .poll(() => form.locator('.error').allTextContents())
      .toContainEqual(expect.stringContaining('The last day away must be from today'));
    const lastDay = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Last day away').fill(lastDay);
    await form.getByRole('button', { name: 'Arrange cover' }).click();
    await expect.poll(() => riley.textContent()).toContain('covered by Robin Rep');
    await snapshot(manager, 'team.png');
    await expectAccessible(manager);
    await expectReflow(manager);

    // Robin sees Riley's step in My tasks and opens the case.
    const robin = await signedIn(REP2);
    const row = robin.locator('tbody tr').filter({ hasText: reference });
    await row.waitFor();
    expect(await row.textContent()).toContain('Riley Rep');
    await row.getByRole('link', { name: reference }).click();
    await robin.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await robin.getByRole('heading', { name: /Current step: Investigation/ }).waitFor();
    await expectAccessible(robin);

    // Riley is back: the cover ends, and Robin no longer sees the case (404, as for a case that does not exist).
    await riley.getByRole('button', { name: "End Riley Rep's cover" }).click();
    await expect.poll(() => riley.textContent()).toContain('Here');
    const token = await api.token(REP2);
    const answer = await fetch(`${stack.url}/api/cases/${caseId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(404);
  });

  it('puts lost property on its own track at triage, and logs it found from the case page', async () => {
    const { caseId, reference } = await api.submit(
      selfComplaint({ description: 'I left my reading glasses in the day room on Tuesday.' }),
    );
    await api.waitForStep(caseId, 'triage');
    const page = await signedIn(COORDINATOR);
    await page.goto(`${stack.url}/console/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await page.getByRole('heading', { name: /Current step: Triage/ }).waitFor();
    await page.getByLabel('Type').selectOption('lost-property');
    await page.getByLabel('Category').fill('Property');
    await page.getByLabel('Priority').selectOption('routine');
    const picker = page.getByLabel('Representative', { exact: true });
    await expect.poll(() => picker.locator('option', { hasText: 'Riley Rep' }).count()).toBe(1);
    await picker.selectOption({
      label: (await picker.locator('option', { hasText: 'Riley Rep' }).textContent()) ?? '',
    });
    await page.getByLabel('Why it is not a grievance').fill('Lost glasses: nothing to complain about.');
    await page.getByLabel('Lost property: the item').fill('Reading glasses in a blue case');
    await page.getByLabel('Lost property: where it was lost').fill('Ward 4 day room');
    await page.getByRole('button', { name: 'Complete step' }).click();
    await page
      .getByRole('heading', { name: /Current step: Look for the lost property/ })
      .waitFor({ timeout: 45_000 });
    // The map shows this case's own track, not the grievance review.
    const map = page.getByRole('navigation', { name: 'Where the case stands in the review workflow' });
    await expect.poll(() => map.locator('[aria-current="step"]').textContent()).toBe('Property search');
    expect(await map.getByText('Approval').count()).toBe(0);
    await expect.poll(() => page.getByText('Lost property · Security (lost property)').count()).toBe(1);

    await page.getByRole('radio', { name: 'Found', exact: true }).check();
    await page.getByLabel('Where it is held for collection').fill('the security office, ground floor');
    await page.getByRole('button', { name: 'Complete step' }).click();
    await page
      .getByRole('heading', { name: /Current step: Return the found property/ })
      .waitFor({ timeout: 45_000 });
    const log = page.getByRole('region', { name: 'Property log' });
    await expect.poll(() => log.textContent()).toContain('Held at the security office, ground floor.');
    expect(await log.getByRole('listitem').count()).toBe(2);
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);
  });

  it('prints a letter to post as a PDF and marks it posted, which takes it off the list', async () => {
    const opened = await api.post<{ caseId: string; reference: string }>(COORDINATOR, '/api/cases', {
      complaint: selfComplaint({
        complainant: {
          name: 'Perpetua Post',
          relationship: 'self',
          phone: '+1 555 010 4455',
          address: { line1: '7 Letterbox Row', city: 'Springfield', postalCode: '62704' },
        },
        contactPreference: 'letter',
      }),
      channel: 'phone',
    });
    const { reference } = opened.body;
    const page = await signedIn(COORDINATOR);
    await page.getByRole('link', { name: 'Letters to post' }).click();
    await page.getByRole('heading', { name: 'Letters to post' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: reference });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await snapshot(page, 'letters.png');
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /Print \(PDF\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${reference}-acknowledgement.pdf`);
    const file = await readFile((await download.path()) as string);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(file)), { mergePages: true });
    expect(text).toContain('7 Letterbox Row');
    expect(text).toContain(`Our reference: ${reference}`);

    await row.getByRole('button', { name: 'Mark posted' }).click();
    await page.getByText(`${reference}: acknowledgement marked posted on`).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: reference }).count()).toBe(0);
    expect(cspViolations).toEqual([]);
  });

  it('shows the grievance log for a date range and downloads it as CSV', async () => {
    const { reference } = await api.submit(
      selfComplaint({ description: 'Nobody told me the clinic was late.' }),
    );
    const page = await signedIn(MANAGER);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    // A day either side: the hospital's date (New York) and this machine's may differ.
    const dayFrom = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [dayFrom(-1), dayFrom(1)];
    await page.getByLabel('Received from').fill(from);
    await page.getByLabel('to', { exact: true }).fill(to);
    // The case's facts are written by its first save, a moment after intake.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Show the log' }).click();
          return page.getByRole('link', { name: reference }).count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await snapshot(page, 'reports.png');
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`grievance-log-${from}-to-${to}.csv`);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('Reference,Received,Channel,Determination');
    expect(csv).toContain(reference);
    expect(csv).not.toContain('Nobody told me');

    // The month's committee pack, on screen and as a PDF.
    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('Month', { exact: true }).fill(month);
    await page.getByRole('button', { name: 'Show the pack' }).click();
    await page.getByRole('term').filter({ hasText: 'Learning actions' }).waitFor();
    const [pack] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pack.suggestedFilename()).toBe(`committee-pack-${month}.pdf`);
    const packText = await extractText(
      await getDocumentProxy(new Uint8Array(await readFile((await pack.path()) as string))),
      { mergePages: true },
    );
    expect(packText.text).toContain('Patient relations: committee pack for');

    // The case's surveyor packet, from its page.
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    const [packet] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the surveyor packet (PDF)' }).click(),
    ]);
    expect(packet.suggestedFilename()).toBe(`${reference}-surveyor-packet.pdf`);
    const bytes = new Uint8Array(await readFile((await packet.path()) as string));
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain(`Case ${reference}: surveyor packet`);
    expect(text).toContain('Nobody told me the clinic was late.');

    // Every dashboard number by stage links to the cases behind it.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('Open cases by stage as a table').click();
    await page.getByRole('link', { name: /cases at investigation/ }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await expect.poll(() => page.getByLabel('Stage', { exact: true }).inputValue()).toBe('investigation');
    expect(cspViolations).toEqual([]);
  });

  it('codes a case from the code lists, and the annual report links its numbers to the cases behind them', async () => {
    const { caseId, reference } = await api.submit(
      familyComplaint({ description: 'The ward never called back.' }),
    );
    await api.waitForStep(caseId, 'triage');
    const page = await signedIn(COORDINATOR);
    await page.goto(`${stack.url}/console/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await page.getByText('Code the case (HCAT, subject areas, staff groups)').click();
    const coding = page.getByRole('form', { name: 'Coding' });
    await coding.getByLabel('Communication (relationships)').selectOption('2');
    await coding.getByLabel('Stage of care').selectOption({ label: 'Care on the ward' });
    await coding.getByLabel('Harm').selectOption('1');
    await coding.getByRole('checkbox', { name: 'Communications' }).check();
    await coding.getByLabel('Service area').selectOption({ label: 'Inpatient' });
    await coding.getByRole('checkbox', { name: 'Medical' }).check();
    await snapshot(page, 'coding.png');
    await expectAccessible(page);
    await coding.getByRole('button', { name: 'Save the coding' }).click();
    await coding.getByText('The coding is saved.').waitFor();
    await expect
      .poll(
        async () =>
          (await api.get<{ case: { coding?: { subjects?: string[] } } }>(COORDINATOR, `/api/cases/${caseId}`))
            .body.case?.coding?.subjects,
      )
      .toEqual(['communications']);
    const { body } = await api.get<{ case: { coding: Record<string, unknown> } }>(
      COORDINATOR,
      `/api/cases/${caseId}`,
    );
    // A family member complained about a patient born in 1941: on behalf of the patient, 85 and over.
    expect(body.case.coding).toMatchObject({
      hcat: { severities: { communication: 2 }, stageOfCare: 'care-on-the-ward', harm: 1 },
      serviceArea: 'inpatient',
      professions: ['medical'],
      complainantStatus: 'on-behalf',
      ageBand: '85-plus',
    });

    // The reporting year under way (from 1 April); the draft annual report counts the case under its subject.
    const now = new Date();
    const year = String(now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Annual report year (from 1 April)').fill(year);
    await page.getByRole('button', { name: 'Show the draft' }).click();
    const subjects = page.getByRole('definition').filter({ hasText: 'Communications' });
    await subjects.getByRole('link').first().click();
    await page.getByRole('heading', { name: /Cases behind subject:communications/ }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();

    // The KO41a return is refused while cases of the year are not coded, naming them.
    const uncoded = await api.submit(selfComplaint({ description: 'Nobody has coded this one yet.' }));
    await api.waitForStep(uncoded.caseId, 'triage');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Return year (from 1 April)').fill(year);
    await page.getByRole('button', { name: 'Show the return' }).click();
    await page.getByRole('alert').filter({ hasText: 'The return cannot be made yet' }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: `${uncoded.reference}.coding` })
      .waitFor();

    // A manager adds a subject area of the hospital's own and maps it to the return's.
    const manager = await signedIn(MANAGER);
    await manager.getByRole('link', { name: 'Code lists' }).click();
    await manager.getByRole('heading', { name: 'Code lists' }).waitFor();
    await manager.getByLabel('New entry in subject areas').fill('Car parking');
    await manager.getByRole('button', { name: 'Add' }).first().click();
    await manager
      .getByLabel('Subject areas: return code of Car parking')
      .selectOption({ label: 'Facilities' });
    await expectAccessible(manager);
    await manager.getByRole('button', { name: 'Save the code lists' }).click();
    await manager.getByText('Saved.', { exact: true }).waitFor();
    const lists = await api.get<{
      lists: { version: number; subjects: { code: string; returnCode?: string }[] };
    }>(MANAGER, '/api/coding/lists');
    expect(lists.body.lists.version).toBe(1);
    expect(lists.body.lists.subjects.find((entry) => entry.code === 'car-parking')?.returnCode).toBe(
      'facilities',
    );
    expect(cspViolations).toEqual([]);
  });

  it('keeps learning actions: a manager adds one from a theme, its owner marks it done with evidence', async () => {
    const manager = await signedIn(MANAGER);
    await manager.getByRole('link', { name: 'Learning' }).click();
    await manager.getByRole('heading', { name: 'Learning' }).waitFor();
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await manager.getByLabel('What is to be done').fill('Tell waiting patients when a clinic runs late');
    await manager.getByLabel('Theme', { exact: true }).fill('Waits in outpatients');
    const owner = manager.getByLabel('Owner');
    await expect.poll(() => owner.locator('option', { hasText: 'Riley Rep' }).count()).toBe(1);
    await owner.selectOption({ label: 'Riley Rep' });
    await manager.getByLabel('Due').fill(due);
    await manager.getByRole('button', { name: 'Add the action' }).click();
    await manager.getByText('Tell waiting patients when a clinic runs late').waitFor();
    await snapshot(manager, 'learning.png');
    await expectAccessible(manager);

    const riley = await signedIn(REP);
    await riley.getByRole('link', { name: 'Learning' }).click();
    const item = riley
      .getByRole('listitem')
      .filter({ hasText: 'Tell waiting patients when a clinic runs late' });
    await item.waitFor();
    await item.getByLabel('Evidence it was done').fill('A delay board in the waiting room since Monday.');
    await item.getByRole('button', { name: 'Mark done' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await riley.getByLabel('Show actions that are').selectOption('done');
    await riley.getByText('Evidence: A delay board in the waiting room since Monday.').waitFor();
    expect(cspViolations).toEqual([]);
  });

  it("keeps the hospital's lists: a manager adds a facility with its own rules, the form and triage offer it", async () => {
    const manager = await signedIn(MANAGER);
    await manager.getByRole('link', { name: 'Lists', exact: true }).click();
    await manager.getByRole('heading', { name: 'Hospital lists' }).waitFor();
    const facilities = manager
      .locator('section')
      .filter({ has: manager.getByRole('heading', { name: 'Facilities' }) });
    await facilities.getByRole('button', { name: 'Add to facilities' }).click();
    await facilities.getByLabel('Name of entry 1').fill('Riverside Community Hospital');
    await facilities.getByLabel('SLA policy of Riverside Community Hospital').selectOption('uk-nhs');
    await facilities.getByLabel('Time zone of Riverside Community Hospital').fill('Europe/London');
    await facilities.getByRole('button', { name: 'Save facilities' }).click();
    await manager.getByRole('status').filter({ hasText: 'Facilities saved.' }).waitFor();
    await expect
      .poll(() => manager.locator('#changes-heading + ol').textContent())
      .toContain('Morgan Manager changed facilities: added Riverside Community Hospital.');
    // A time zone that does not exist is refused beside its entry.
    await facilities.getByLabel('Time zone of Riverside Community Hospital').fill('Mars/Olympus');
    await facilities.getByRole('button', { name: 'Save facilities' }).click();
    await facilities.getByRole('alert').waitFor();
    await snapshot(manager, 'lists.png');
    await expectAccessible(manager);
    await expectReflow(manager);

    // The public form offers it, and a case for it follows its rules.
    const form = await (await browser.newContext()).newPage();
    await form.goto(`${stack.url}/`);
    await expect
      .poll(() =>
        form
          .locator('#facility-options option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      )
      .toEqual(['Riverside Community Hospital']);
    const { caseId } = await api.submit(selfComplaint({ facility: 'Riverside Community Hospital' }));
    const opened = await api.get<{ case: { slaPolicy: string; timeZone: string } }>(
      MANAGER,
      `/api/cases/${caseId}`,
    );
    expect(opened.body.case).toMatchObject({ slaPolicy: 'uk-nhs', timeZone: 'Europe/London' });

    // Triage starts from what the form gave and suggests the list.
    await api.waitForStep(caseId, 'triage');
    const coordinator = await signedIn(COORDINATOR);
    await coordinator.goto(`${stack.url}/console/cases/${caseId}`);
    await coordinator.getByRole('heading', { name: /Current step: Triage/ }).waitFor();
    expect(await coordinator.getByLabel('Facility (optional)').inputValue()).toBe(
      'Riverside Community Hospital',
    );
    await expect.poll(() => coordinator.locator('#field-category-list option').count()).toBeGreaterThan(5);
  });

  it('changes a letter in its template: previewed, refused with a placeholder it does not offer, then used', async () => {
    const manager = await signedIn(MANAGER);
    await manager.getByRole('link', { name: 'Templates' }).click();
    await manager.getByRole('heading', { name: 'Templates' }).waitFor();
    await manager
      .getByLabel('For', { exact: true })
      .selectOption({ label: 'Every case under US hospital (CMS Conditions of Participation)' });
    await manager.getByLabel('Template', { exact: true }).selectOption({ label: 'Acknowledgement' });
    await expect
      .poll(() => manager.getByLabel('Subject').inputValue())
      .toBe('We have received your complaint');
    await manager.getByLabel('Subject').fill('Thank you: your complaint {{reference}} is with us');
    await manager.getByRole('button', { name: 'Preview' }).click();
    await manager.getByText('Subject: Thank you: your complaint PR-2026-000123 is with us').waitFor();
    await snapshot(manager, 'templates.png');
    await expectAccessible(manager);
    // A placeholder the letter does not offer is shown before saving, and refused by the save.
    const body = await manager.getByLabel('Text', { exact: true }).inputValue();
    await manager.getByLabel('Text', { exact: true }).fill(`${body}\n{{patientName}}`);
    await manager.getByRole('button', { name: 'Preview' }).click();
    await manager.getByRole('alert').filter({ hasText: '{{patientName}} is not a placeholder' }).waitFor();
    await manager.getByRole('button', { name: 'Save the template' }).click();
    await manager.getByRole('alert').filter({ hasText: 'The template cannot be saved as it is' }).waitFor();
    await manager.getByLabel('Text', { exact: true }).fill(body);
    await manager.getByRole('button', { name: 'Save the template' }).click();
    await manager.getByText('Saved. The next letter of this kind uses it.').waitFor();
    await expect
      .poll(() => manager.getByRole('heading', { name: 'Preview on a sample case' }).count())
      .toBe(0);

    const { reference } = await api.submit(
      selfComplaint({
        complainant: { name: 'Tia Template', email: 'tia@example.com', relationship: 'self' },
      }),
    );
    const subjects = async () =>
      Promise.all(
        (await outbox(stack.outboxDir)).map(
          async (message) => (await simpleParser(message.raw)).subject ?? '',
        ),
      );
    await expect
      .poll(subjects, { timeout: 30_000 })
      .toContain(`Thank you: your complaint ${reference} is with us [${reference}]`);

    // Back to the shipped wording, for the cases after this one.
    await manager.getByRole('button', { name: 'Go back to the shipped wording' }).click();
    await expect
      .poll(() => manager.getByLabel('Subject').inputValue())
      .toBe('We have received your complaint');
    expect(cspViolations).toEqual([]);
  });
});
