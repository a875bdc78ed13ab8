/**
 * The patient form and the console in a real browser (Chromium driven by playwright-core, see support/browser.ts) against the
 * local stack, under the production CSP: a patient submits the form and sees the reference; a coordinator signs
 * in (code + PKCE, as with Cognito) and triages; the representative investigates and drafts; the manager
 * approves; the response email goes out; the status link shows the closed case. axe-core finds no serious or
 * critical violations on any page visited.
 */
import { mkdirSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../web/build-console';
import {
  expectAccessible,
  expectReflow,
  launchBrowser,
  SCREENSHOTS,
  signIn,
  snapshot,
} from '../support/browser';
import { eventually, outbox, startTestStack, type TestStack } from '../support/local-stack';

/** A real PNG signature and header, enough for the content check to recognise it. */
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64),
]);
let stack: TestStack;
let browser: Browser;
const cspViolations: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildConsole();
  stack = await startTestStack();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  // Signing out also ends the hosted session: the browser visits the sign-out endpoint and comes back.
  try {
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 60_000 });
  } catch (error) {
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '');
    throw new Error(`Not signed out: at ${page.url()} showing "${text.slice(0, 300)}"`, { cause: error });
  }
  // The round trip through the hosted sign-out may still be navigating: ask again until the page answers.
  await expect
    .poll(() => page.evaluate(() => sessionStorage.getItem('liaison.token')).catch(() => 'navigating'), {
      timeout: 30_000,
    })
    .toBeNull();
}

describe('in a browser', () => {
  let reference = '';
  let statusLink = '';

  it('lets a patient submit the form and shows the reference', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/`);
    await expectAccessible(page);
    await page.getByLabel('Your full name').fill('Bea Browser');
    await page.getByLabel('Email address').fill('bea@example.com');
    await page.getByLabel('Tell us what happened').fill('The clinic letter gave the wrong appointment date.');
    // Submitting with a missing field first: the error summary appears and names it.
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter an email address');
    await page.getByLabel('Email address').fill('bea@example.com');
    // A photo goes straight to storage with the grant the answer carries (CORS and the CSP allow only that).
    await page.getByLabel('Photos or letters (optional)').setInputFiles({
      name: 'letter-photo.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you, we have your complaint').waitFor();
    await expect.poll(() => page.locator('#upload-status').textContent()).toBe('Your file has been sent.');
    reference = (await page.locator('#reference').textContent()) ?? '';
    expect(reference).toMatch(/^PR-\d{4}-\d{6}$/);
    await expectAccessible(page);
    await page.close();
    const narrow = await newPage();
    await narrow.goto(`${stack.url}/`);
    await expectReflow(narrow);
    await narrow.close();
    const fresh = await newPage();
    await fresh.setViewportSize({ width: 1100, height: 1400 });
    await fresh.goto(`${stack.url}/`);
    await snapshot(fresh, 'complaint-form.png');
    await fresh.close();
  });

  it('gives the complainant a private status link that shows the case and takes more information', async () => {
    const ack = await eventually(async () => {
      for (const message of await outbox(stack.outboxDir)) {
        const mail = await simpleParser(message.raw);
        if (mail.subject?.includes(reference)) return mail;
      }
      return undefined;
    }, 'the acknowledgement');
    const link = ack.text?.match(/(http:\/\/\S+\/status\.html#[A-Za-z0-9_-]+)/)?.[1] as string;
    expect(link).toBeDefined();
    statusLink = link;
    expect(link).not.toContain(reference);
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await expect.poll(() => page.locator('#stage').textContent()).toMatch(/Received/);
    await expectAccessible(page);
    await page
      .getByLabel('Anything else you would like us to know')
      .fill('I still have the letter if you need it.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you. We have added this to your case.').waitFor();
    await page.getByText('I still have the letter if you need it.').waitFor();
    await snapshot(page, 'status-page.png', true);
    // A wrong or tampered token shows nothing.
    await page.goto(`${link.slice(0, -4)}AAAA`);
    await page.getByRole('alert').getByText('not valid or has expired').waitFor();
    await page.close();
  });

  // The longest walk of the suite (sign-in, triage, writing, the filters, search, the dashboard): a roomier budget.
  it('lets a coordinator sign in, find the triage task and triage the case', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/console/`);
    await expectAccessible(page);
    await signIn(page, 'coordinator@example.org');
    const link = page.getByRole('link', { name: reference });
    await link.waitFor();
    await expectAccessible(page);
    await expectReflow(page);
    await snapshot(page, 'task-queue.png');
    await link.click();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await expect
      .poll(() => page.getByText('The clinic letter gave the wrong appointment date.').count())
      .toBe(1);
    await expectAccessible(page);
    // The patient's photo, once scanned, downloads from the case (never shown inline).
    await stack.uploadsScanned();
    await page.reload();
    await page.getByRole('button', { name: 'Download letter-photo.png' }).waitFor();
    // The workflow map comes from the state machine definition; the current step is marked.
    const map = page.getByRole('navigation', { name: 'Where the case stands in the review workflow' });
    await expect.poll(() => map.locator('[aria-current="step"]').textContent()).toBe('Triage');
    expect(await map.getByRole('listitem').count()).toBeGreaterThanOrEqual(8);
    await snapshot(page, 'case-page.png', true);
    await expectReflow(page);
    // The server's field errors come back next to the form.
    await page.getByRole('button', { name: 'Complete step' }).click();
    await page.getByRole('alert').getByText('There is a problem').waitFor();
    await page.getByLabel('Type').selectOption('grievance');
    await page.getByLabel('Category').fill('Appointments');
    await page.getByLabel('Priority').selectOption('routine');
    // The representative is chosen by name (the picker shows each one's open steps).
    const picker = page.getByLabel('Representative', { exact: true });
    await expect.poll(() => picker.locator('option', { hasText: 'Riley Rep' }).count()).toBe(1);
    await picker.selectOption({
      label: (await picker.locator('option', { hasText: 'Riley Rep' }).textContent()) ?? '',
    });
    await page.getByRole('button', { name: 'Complete step' }).click();
    await page.getByText('Done. The case moves to its next step.').waitFor();
    await page.getByRole('heading', { name: /Current step: Investigation/ }).waitFor({ timeout: 45_000 });
    expect(cspViolations).toEqual([]);

    // Writing from the case: an email to the complainant, then a phone note, both on the timeline.
    await page.getByLabel('Subject').fill('About your appointment letter');
    await page.getByLabel('Message').fill('We are sorry for the confusion; the correct date is 3 December.');
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.getByText('Sent.').waitFor();
    await page.getByLabel('Record a call, a walk-in or an internal note').check();
    await page
      .getByLabel('Summary of the conversation')
      .fill('Bea called to confirm she received the email.');
    await page.getByRole('button', { name: 'Record note' }).click();
    await page.getByText('Note recorded.').waitFor();
    await expect
      .poll(() => page.getByText('Bea called to confirm she received the email.').count())
      .toBeGreaterThan(0);
    await expectAccessible(page);

    // Cases: the filters, then the header's search by reference.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Stage').selectOption('investigation');
    await page.getByRole('link', { name: reference }).waitFor();
    await page.getByRole('searchbox', { name: 'Find a person or case' }).fill(reference.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: `Search: ${reference.toLowerCase()}` }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();

    // The dashboard: counters kept as events happen, charts with their numbers as tables.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await expect.poll(() => page.locator('.tile').first().textContent()).toMatch(/[1-9]\d* open cases/);
    expect(await page.locator('canvas').count()).toBe(3);
    await expectAccessible(page);
    await expectReflow(page);
    await snapshot(page, 'dashboard.png', true);

    // An emailed complaint with HTML: shown as text, and formatted only inside a sandboxed frame.
    const port = Number(new URL(stack.endpoints.smtp).port);
    const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      envelope: { from: 'hana@example.com', to: ['complaints@liaison.example.org'] },
      raw: 'From: Hana Html <hana@example.com>\r\nTo: complaints@liaison.example.org\r\nSubject: Formatted complaint\r\nMessage-ID: <html-1@example.com>\r\nContent-Type: text/html\r\n\r\n<p>The <b>waiting room</b> was too cold.</p><script>alert(1)</script>',
    });
    transport.close();
    await stack.mailDelivered();
    const htmlCase = await eventually(async () => {
      const page2 = await fetch(`${stack.url}/api/cases?stage=triage`, {
        headers: {
          authorization: `Bearer ${await page.evaluate(() => sessionStorage.getItem('liaison.token'))}`,
        },
      });
      const { cases } = (await page2.json()) as { cases: { caseId: string; reference: string }[] };
      return cases.find((item) => item.reference !== reference);
    }, 'the emailed case');
    await page.goto(`${stack.url}/console/cases/${htmlCase.caseId}`);
    await page.getByText('Show the email as formatted by the sender').click();
    const frame = page.locator('iframe.email-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect
      .poll(() => page.frameLocator('iframe.email-frame').locator('b').textContent())
      .toBe('waiting room');
    expect(await page.frameLocator('iframe.email-frame').locator('script').count()).toBe(0);
    // axe cannot enter a frame that may not run scripts; check the page with the frame hidden again.
    await page.getByRole('button', { name: 'Hide the formatted email' }).click();
    await expectAccessible(page);
    expect(cspViolations).toEqual([]);

    // A phone call becomes a case through the same intake.
    await page.getByRole('link', { name: 'New case' }).click();
    await expectAccessible(page);
    await page.getByLabel("Complainant's name").fill('Phil Phone');
    await page.getByLabel("Complainant's email").fill('phil@example.com');
    await page.getByLabel("Complainant's phone (optional)").fill('+1 555 010 0199');
    await page.getByLabel('What they told us').fill('Could not get through to the clinic all week.');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('heading', { name: /^Case PR-/ }).waitFor();
    await expect.poll(() => page.getByText('Could not get through to the clinic all week.').count()).toBe(1);
    expect(cspViolations).toEqual([]);
    await signOut(page);
    await page.close();
  });

  // Two people, four steps, coding and closure, each step through the workflow's functions: a roomier budget too.
  it('lets the representative investigate and draft, the manager approve and close, and shows the complainant the closed case', {
    timeout: 120_000,
  }, async () => {
    const findings = 'The letter template printed the booking date instead of the appointment date.';
    const rep = await newPage();
    await rep.goto(`${stack.url}/console/`);
    await signIn(rep, 'rep@example.org');
    await rep.getByRole('link', { name: reference }).click();
    await rep.getByRole('heading', { name: /Current step: Investigation/ }).waitFor();
    await rep
      .getByLabel('Steps taken to investigate')
      .fill('Checked the booking system and spoke to the clinic booking team.');
    await rep.getByRole('textbox', { name: 'Findings' }).fill(findings);
    await rep.getByRole('button', { name: 'Complete step' }).click();
    await rep.getByRole('heading', { name: /Current step: Written response/ }).waitFor({ timeout: 45_000 });
    // The draft starts from the template, filled with what the investigation recorded.
    const letter = rep.getByLabel('Response letter');
    expect(await letter.inputValue()).toContain(findings);
    expect(await letter.inputValue()).toContain(reference);
    expect(await rep.getByLabel('Contact person', { exact: true }).inputValue()).toBe('Riley Rep');
    await expectAccessible(rep);
    await rep.getByRole('button', { name: 'Complete step' }).click();
    await rep.getByRole('heading', { name: /Current step: Approval/ }).waitFor({ timeout: 45_000 });
    // Segregation of duties: the author cannot approve their own draft.
    await rep.getByRole('button', { name: 'Complete step' }).click();
    await rep.getByRole('alert').getByText('There is a problem').waitFor();
    await signOut(rep);
    await rep.close();

    const manager = await newPage();
    await manager.goto(`${stack.url}/console/`);
    await signIn(manager, 'manager@example.org');
    await manager.getByRole('link', { name: reference }).click();
    await manager.getByRole('heading', { name: /Current step: Approval/ }).waitFor();
    expect(await manager.getByText('The draft is missing required elements').count()).toBe(0);
    await expectAccessible(manager);
    await manager.getByLabel('Approve and send').check();
    await manager.getByRole('button', { name: 'Complete step' }).click();
    await manager.getByRole('heading', { name: /Current step: Closure/ }).waitFor({ timeout: 45_000 });

    const response = await eventually(async () => {
      for (const message of await outbox(stack.outboxDir)) {
        const mail = await simpleParser(message.raw);
        if (mail.subject === `Our response to your complaint [${reference}]`) return mail;
      }
      return undefined;
    }, 'the response email');
    expect(response.to && 'text' in response.to ? response.to.text : '').toContain('bea@example.com');
    expect(response.text).toContain(findings);

    // A formal complaint closes only once coded: the coding form, then the outcome and a coded root cause.
    await manager.getByText('Code the case (HCAT, subject areas, staff groups)').click();
    const coding = manager.getByRole('form', { name: 'Coding' });
    await coding.getByLabel('Communication (relationships)').selectOption('2');
    await coding.getByLabel('Stage of care').selectOption({ label: 'Discharge or transfer' });
    await coding.getByLabel('Harm').selectOption('0');
    await coding.getByRole('checkbox', { name: 'Communications' }).check();
    await coding.getByLabel('Service area').selectOption({ label: 'Outpatient' });
    await coding.getByRole('checkbox', { name: 'Administrative and clerical' }).check();
    await coding.getByRole('button', { name: 'Save the coding' }).click();
    await coding.getByText('The coding is saved.').waitFor();
    await manager.getByLabel('Outcome', { exact: true }).selectOption('upheld');
    await manager.getByLabel('Root cause').selectOption({ label: 'Communication failure' });
    await manager.getByRole('button', { name: 'Complete step' }).click();
    await expect
      .poll(() => manager.locator('.summary dd').first().textContent(), { timeout: 20_000 })
      .toBe('closed');
    await expectAccessible(manager);
    expect(cspViolations).toEqual([]);
    await manager.close();

    const complainant = await newPage();
    await complainant.goto(statusLink);
    await complainant.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await expect.poll(() => complainant.locator('#stage').textContent()).toBe('Closed');
    await expectAccessible(complainant);
    await complainant.close();
  });
});
