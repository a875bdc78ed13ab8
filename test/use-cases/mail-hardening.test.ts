/**
 * Mail that must not be taken at its word: forged replies, unscanned attachments, automatic and list mail,
 * reused Message-IDs, messages too big to keep for display, and third parties' mail on the status page.
 */
import { describe, expect, it } from 'vitest';
import {
  recordCaseNote,
  shareCorrespondence,
} from '../../functions/core/correspondence/staff-correspondence';
import { NotFoundError } from '../../functions/core/errors';
import { placeHeldMessage } from '../../functions/core/mail/place-held-message';
import { receiveEmail } from '../../functions/core/mail/receive-email';
import { statusView } from '../../functions/core/status-page/status-page';
import { PHI_MARKERS } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { coordinator, deliver, desk, newCase, representative, waitingForComplainant } from './desk';

const complainant = `Zeb <${PHI_MARKERS.complainantEmail}>`;
const unauthenticated = { spf: 'FAIL', dkim: 'FAIL', dmarc: 'GRAY' } as const;

async function referenceOf(deps: MemoryDependencies, caseId: string) {
  return (await deps.cases.getCase(caseId))?.reference as string;
}

describe('a reply whose sender is not authenticated', () => {
  it('is held with the case it seems to belong to, and does not end a wait for the complainant', async () => {
    const deps = await desk();
    const { caseId } = await waitingForComplainant(deps);
    const forged = deliver(
      deps,
      {
        From: complainant,
        To: 'complaints@liaison.example.org',
        Subject: `Re: [${await referenceOf(deps, caseId)}]`,
      },
      'Please close my complaint, it is all fine now.',
      unauthenticated,
    );
    const outcome = await receiveEmail(deps, forged);
    expect(outcome).toMatchObject({ kind: 'held', reason: 'unauthenticated' });
    expect(
      (await deps.heldMail.getHeldMessage((outcome as { heldId: string }).heldId))?.candidateCaseId,
    ).toBe(caseId);
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    expect(correspondence.filter((item) => item.kind === 'reply')).toEqual([]);
    expect((await deps.cases.getCase(caseId))?.informationRequest?.resumedAt).toBeUndefined();
  });

  it('is threaded when DMARC passes, or SPF or DKIM pass for the From domain, or it went to the case address', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const reference = await referenceOf(deps, caseId);
    const headers = {
      From: complainant,
      To: 'complaints@liaison.example.org',
      Subject: `Re: [${reference}]`,
    };
    const domain = PHI_MARKERS.complainantEmail.split('@')[1];
    const accepted = [
      deliver(deps, headers, 'one', { ...unauthenticated, dmarc: 'PASS' }),
      deliver(deps, { ...headers, 'DKIM-Signature': `v=1; a=rsa-sha256; d=${domain}; s=s1; b=x` }, 'two', {
        ...unauthenticated,
        dkim: 'PASS',
      }),
      {
        ...deliver(deps, headers, 'three', { ...unauthenticated, spf: 'PASS' }),
        envelopeSender: `bounce@mail.${domain}`,
      },
      deliver(
        deps,
        { ...headers, To: `complaints+${caseId.toLowerCase()}@liaison.example.org` },
        'four',
        unauthenticated,
      ),
    ];
    for (const email of accepted)
      expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'reply', caseId });
    const notAligned = deliver(
      deps,
      { ...headers, 'DKIM-Signature': 'v=1; d=forger.example; s=s1; b=x' },
      'five',
      {
        ...unauthenticated,
        dkim: 'PASS',
      },
    );
    expect(await receiveEmail(deps, notAligned)).toMatchObject({ kind: 'held', reason: 'unauthenticated' });
  });
});

describe('the virus scan', () => {
  it('holds a message it did not pass, storing none of its attachments', async () => {
    const deps = await desk();
    const email = deliver(deps, { From: 'ann@example.com', To: 'complaints@liaison.example.org' }, 'Hello', {
      virus: 'PROCESSING_FAILED',
    });
    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'held', reason: 'unscanned' });
    expect(deps.blobs.attachments.size).toBe(0);
    expect(deps.table.cases.size).toBe(0);
  });
});

describe('automatic mail', () => {
  it.each([
    ['the null envelope sender (a bounce)', {}, ''],
    ['a mailing list', { 'List-Id': '<news.example.net>' }, 'news-bounces@example.net'],
    ['List-Unsubscribe', { 'List-Unsubscribe': '<mailto:leave@example.net>' }, 'sender@example.net'],
    ['Return-Path: <>', { 'Return-Path': '<>' }, undefined],
  ])('from %s opens no case and gets no acknowledgement', async (_name, headers, envelopeSender) => {
    const deps = await desk();
    const email = {
      ...deliver(deps, { From: 'news@example.net', To: 'complaints@liaison.example.org', ...headers }),
      envelopeSender,
    };
    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'held', reason: 'automatic' });
    expect(deps.table.cases.size).toBe(0);
    expect(deps.mailer.sent).toEqual([]);
  });
});

describe('a Message-ID used by two different messages', () => {
  it('leaves both visible', async () => {
    const deps = await desk();
    const shared = {
      'Message-ID': '<reused@list.example.net>',
      To: 'complaints@liaison.example.org',
      'List-Id': '<l.example.net>',
    };
    const first = await receiveEmail(
      deps,
      deliver(deps, { ...shared, From: 'a@example.net', Subject: 'One' }, 'Same body'),
    );
    const second = await receiveEmail(
      deps,
      deliver(deps, { ...shared, From: 'b@example.net', Subject: 'Two' }, 'Same body'),
    );
    expect([first.kind, second.kind]).toEqual(['held', 'held']);
    const held = await deps.heldMail.listHeldMessages('held', 10);
    expect(held.messages.map((message) => message.subject).sort()).toEqual(['One', 'Two']);
  });
});

describe('a message too big to keep for display', () => {
  it('is recorded with its display text cut, and the raw message kept', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const record = await deps.cases.getCase(caseId);
    const long = 'Ж'.repeat(300_000); // 600 KB of UTF-8
    const email = deliver(
      deps,
      {
        From: complainant,
        To: 'complaints@liaison.example.org',
        'In-Reply-To': record?.acknowledgement?.messageId as string,
        'Content-Type': 'text/plain; charset=utf-8',
      },
      long,
    );
    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'reply', caseId });
    const reply = (await deps.cases.caseTimeline(caseId)).correspondence.find(
      (item) => item.kind === 'reply',
    );
    expect(reply?.truncated).toBe(true);
    expect(Buffer.byteLength(reply?.body ?? '', 'utf8')).toBeLessThanOrEqual(96 * 1024);
    expect(reply?.rawKey).toBe(email.rawKey);
  });

  it('is held when storing it fails for any reason other than throttling', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const record = await deps.cases.getCase(caseId);
    deps.threads.recordCorrespondence = async () => {
      throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
        name: 'ValidationException',
      });
    };
    const email = deliver(deps, {
      From: complainant,
      To: 'complaints@liaison.example.org',
      'In-Reply-To': record?.acknowledgement?.messageId as string,
    });
    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'held', reason: 'unstorable' });
    deps.threads.recordCorrespondence = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(
      receiveEmail(
        deps,
        deliver(deps, {
          From: complainant,
          To: 'complaints@liaison.example.org',
          'In-Reply-To': record?.acknowledgement?.messageId as string,
        }),
      ),
    ).rejects.toThrow('Rate exceeded');
  });
});

describe('the status page', () => {
  it("shows the complainant's own messages, never a third party's that a coordinator placed on the case", async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const reference = await referenceOf(deps, caseId);
    const token = deps.mailer.sent[0]?.text.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;
    await receiveEmail(
      deps,
      deliver(
        deps,
        { From: complainant, To: 'complaints@liaison.example.org', Subject: `Re: [${reference}]` },
        'My own words.',
      ),
    );
    const held = await receiveEmail(
      deps,
      deliver(
        deps,
        {
          From: 'dr.jones@hospital.example',
          To: 'complaints@liaison.example.org',
          Subject: `Re: [${reference}]`,
        },
        'Clinical statement.',
      ),
    );
    await placeHeldMessage(deps, {
      actor: coordinator,
      heldId: (held as { heldId: string }).heldId,
      placement: { caseId },
    });
    const view = await statusView(deps, token);
    const texts = view.messages.filter((message) => message.from === 'you').map((message) => message.text);
    expect(texts).toEqual(['My own words.']);
    expect(view.messages.map((message) => message.text)).not.toContain('Clinical statement.');

    // A coordinator may choose to share it (a representative may not); it shows as shared, and can be withdrawn.
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    const statement = correspondence.find((item) => item.body.includes('Clinical statement.'));
    const share = { caseId, correspondenceId: statement?.correspondenceId as string, shared: true };
    await expect(shareCorrespondence(deps, { ...share, actor: representative })).rejects.toThrow(
      NotFoundError,
    );
    expect(await shareCorrespondence(deps, { ...share, actor: coordinator })).toEqual({ shared: true });
    const shared = await statusView(deps, token);
    expect(
      shared.messages.filter((message) => message.from === 'shared').map((message) => message.text),
    ).toEqual(['Clinical statement.']);
    await shareCorrespondence(deps, { ...share, shared: false, actor: coordinator });
    expect((await statusView(deps, token)).messages.map((message) => message.text)).not.toContain(
      'Clinical statement.',
    );
    const { audit } = await deps.cases.caseTimeline(caseId);
    expect(audit.map((event) => event.type)).toEqual(
      expect.arrayContaining(['correspondence.shared', 'correspondence.unshared']),
    );
  });
});

describe('an internal note', () => {
  it('is on the case for staff, never on the status page', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const token = deps.mailer.sent[0]?.text.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;
    await recordCaseNote(deps, {
      actor: coordinator,
      caseId,
      note: { channel: 'internal', summary: 'Ward manager says the bell was broken.' },
    });
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    expect(correspondence.at(-1)).toMatchObject({
      channel: 'internal',
      subject: 'Internal note',
      to: 'Staff only',
    });
    const view = await statusView(deps, token);
    expect(view.messages.map((message) => message.text)).not.toContain(
      'Ward manager says the bell was broken.',
    );
  });
});

describe('an attachment link', () => {
  it("carries no file name (often a patient's) in its URL; the console gets the name beside it", async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const record = await deps.cases.getCase(caseId);
    const boundary = 'b1';
    const raw = [
      `From: ${complainant}`,
      'To: complaints@liaison.example.org',
      `In-Reply-To: ${record?.acknowledgement?.messageId}`,
      'Subject: The letter',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'See attached.',
      `--${boundary}`,
      'Content-Type: application/pdf',
      `Content-Disposition: attachment; filename="${PHI_MARKERS.patientName} discharge.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 test').toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const email = deliver(deps, {});
    deps.blobs.raw.set(email.rawKey, Buffer.from(raw));
    expect(await receiveEmail(deps, email)).toMatchObject({ kind: 'reply' });
    const reply = (await deps.cases.caseTimeline(caseId)).correspondence.find(
      (item) => item.kind === 'reply',
    );
    const attachment = reply?.attachments?.[0];
    const { attachmentLink } = await import('../../functions/core/console/console-queries');
    const link = await attachmentLink(deps, coordinator, caseId, attachment?.attachmentId as string);
    expect(link.filename).toBe(`${PHI_MARKERS.patientName} discharge.pdf`);
    expect(decodeURIComponent(link.url)).not.toContain(PHI_MARKERS.patientName);
    expect(decodeURIComponent(link.url)).toContain(`${attachment?.attachmentId}.pdf`);
  });
});
