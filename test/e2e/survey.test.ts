/**
 * The satisfaction survey in a real browser (issue 15 §4), on a stack whose SLA clocks run a day per second so
 * the week's wait before the survey passes in seconds: the complainant follows the survey email's private link,
 * answers with a score and a comment on the status page (a missing score is refused beside the form), sees their
 * answer thanked, and the case page shows it to staff. axe on the status page, under the production CSP.
 */
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_HEADINGS } from '../../functions/core/letters/response-letter';
import { expectAccessible, launchBrowser } from '../support/browser';
import { ConsoleClient } from '../support/console-client';
import { codedClosure, selfComplaint } from '../support/fixtures';
import { eventually, outbox, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';
const MANAGER = 'manager@example.org';
let stack: TestStack;
let browser: Browser;
let api: ConsoleClient;
const cspViolations: string[] = [];

beforeAll(async () => {
  process.env.SLA_TIME_SCALE = '86400';
  stack = await startTestStack();
  delete process.env.SLA_TIME_SCALE;
  browser = await launchBrowser();
  api = new ConsoleClient(stack.url);
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

describe('the survey', () => {
  it('is answered on the status page from the survey email, once, and shown on the case', async () => {
    const { caseId, reference } = await api.submit(
      selfComplaint({ complainant: { name: 'Sue Survey', email: 'sue@example.com', relationship: 'self' } }),
    );
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'triage'), {
      outcome: 'assign',
      type: 'grievance',
      category: 'Communication',
      priority: 'routine',
      assigneeId: 'dev-rep',
    });
    await api.complete(REP, await api.waitForStep(caseId, 'investigation'), {
      outcome: 'findings',
      stepsTaken: 'Spoke to the clinic team and read the appointment log.',
      findings: 'The clinic ran two hours late and nobody told the waiting patients.',
    });
    const today = new Date().toISOString().slice(0, 10);
    await api.complete(REP, await api.waitForStep(caseId, 'response'), {
      outcome: 'draft',
      body: [
        'Dear Sue Survey,',
        `${RESPONSE_HEADINGS.stepsTaken}\nWe spoke to the clinic team and read the appointment log for that day.`,
        `${RESPONSE_HEADINGS.results}\nThe clinic ran two hours late and nobody told the waiting patients.`,
        `${RESPONSE_HEADINGS.contact}\nRiley Rep, +1 555 010 0101`,
        `${RESPONSE_HEADINGS.completion}\n${today}`,
      ].join('\n\n'),
      contactPerson: { name: 'Riley Rep', contact: '+1 555 010 0101' },
      completionDate: today,
    });
    await api.complete(MANAGER, await api.waitForStep(caseId, 'approval'), { outcome: 'approve' });
    await api.complete(COORDINATOR, await api.waitForStep(caseId, 'closure'), {
      ...codedClosure({ survey: true }),
    });

    const survey = await eventually(
      async () => {
        for (const message of await outbox(stack.outboxDir)) {
          const mail = await simpleParser(message.raw);
          if (mail.subject === `How did we do? [${reference}]`) return mail;
        }
        return undefined;
      },
      'the survey email',
      60_000,
    );
    const link = survey.text?.match(/https?:\/\/\S+status\.html#[A-Za-z0-9_-]+/)?.[0] as string;
    expect(link).toBeDefined();

    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Choose a score from 1 to 5.').waitFor();
    await page.getByLabel('4').check();
    await page.getByLabel('Anything you would like to tell us (optional)').fill('Clear letter, thank you.');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Thank you for your answer: you gave us 4 out of 5.').waitFor();
    expect(await page.getByRole('button', { name: 'Send my answer' }).isVisible()).toBe(false);
    expect(cspViolations).toEqual([]);

    const view = await api.get<{ case: { survey: { score: number; comment: string } } }>(
      COORDINATOR,
      `/api/cases/${caseId}`,
    );
    expect(view.body.case.survey).toMatchObject({ score: 4, comment: 'Clear letter, thank you.' });
  });
});
