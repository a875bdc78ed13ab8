/**
 * Email intake on the local stack, over real SMTP into the SES receiving stand-in, with messages written the way
 * Gmail, Outlook and Apple Mail write them (test/fixtures/mail): new complaints, replies threaded by Message-ID,
 * by the case's reply address and by the reference, automatic mail, bounces, strangers, verdicts and limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../support/console-client';
import { eventually, outboxMail, startTestStack, type TestStack } from '../support/local-stack';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const ZARA = 'zara.example@gmail.com';
const COORDINATOR = 'coordinator@example.org';
let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
});
afterAll(async () => stack?.stop());

function fixture(name: string, values: Record<string, string> = {}): string {
  let text = readFileSync(join(FIXTURES, name), 'latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  return text;
}

async function send(
  raw: string | Buffer,
  from = ZARA,
  to = ['complaints@liaison.example.org'],
): Promise<void> {
  const port = Number(new URL(stack.endpoints.smtp).port);
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from, to }, raw });
  transport.close();
  // Delivery to receiveEmail is asynchronous, as with SES; wait for it (and its retries).
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stack.mailDelivered();
}

async function mailsTo(address: string): Promise<ParsedMail[]> {
  const parsed = await outboxMail(stack.outboxDir);
  return parsed.filter((mail) => (mail.to && 'text' in mail.to ? mail.to.text : '') === address);
}

type View = {
  case: {
    caseId: string;
    reference: string;
    channel: string;
    stage: string;
    classification: { ruleId: string };
  };
  correspondence: {
    kind: string;
    direction: string;
    subject: string;
    body: string;
    displayBody?: string;
    html?: string;
    automatic: boolean;
    attachments?: {
      attachmentId: string;
      filename: string;
      contentType: string;
      key?: string;
      inline: boolean;
    }[];
  }[];
};
type Held = {
  held: { reason: string; from?: string; candidateCaseId?: string; subject?: string }[];
  quarantined: { reason: string; from?: string }[];
};

let caseId: string;
let reference: string;
let ackMessageId: string;

describe('an emailed complaint', () => {
  it('becomes a grievance case through the same intake, and is acknowledged with a threading Reply-To', async () => {
    await send(fixture('gmail-new-complaint.eml'));
    const ack = await eventually(
      async () => (await mailsTo(ZARA)).find((mail) => mail.subject?.startsWith('We have received')),
      'the acknowledgement',
    );
    reference = ack.subject?.match(/\[(PR-\d{4}-\d{6})\]/)?.[1] as string;
    ackMessageId = ack.messageId as string;
    const view = await api.get<View>(COORDINATOR, `/api/cases/${reference}`);
    caseId = view.body.case.caseId;
    expect(view.body.case).toMatchObject({
      channel: 'email',
      classification: { ruleId: 'cms-written-complaint' },
    });
    const [complaint] = view.body.correspondence.filter((item) => item.kind === 'complaint');
    expect(complaint?.subject).toBe('Complaint about the emergency department — waiting 6 hours');
    expect(complaint?.body).toContain('I waited six hours');
    expect(complaint?.html).toContain('I waited six hours');
    const replyTo = ack.replyTo && 'text' in ack.replyTo ? ack.replyTo.text : '';
    expect(replyTo).toBe(`complaints+${caseId.toLowerCase()}@liaison.example.org`);
  });

  it('gives one case and one acknowledgement however often the message arrives, even all at once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => send(fixture('gmail-new-complaint.eml'))));
    const acks = (await mailsTo(ZARA)).filter((mail) => mail.subject?.startsWith('We have received'));
    expect(acks).toHaveLength(1);
    // The case reaches triage once its workflow has opened the step.
    const mine = await eventually(async () => {
      const page = await api.get<{ cases: { reference: string }[] }>(
        COORDINATOR,
        '/api/cases?stage=triage&limit=100',
      );
      const found = page.body.cases.filter((item) => item.reference === reference);
      return found.length > 0 ? found : undefined;
    }, 'the case at triage');
    expect(mine).toHaveLength(1);
    const view = await api.get<View>(COORDINATOR, `/api/cases/${reference}`);
    expect(view.body.correspondence.filter((item) => item.kind === 'complaint')).toHaveLength(1);
  });
});

describe('one automatic acknowledgement per sender per day', () => {
  it('opens a second case for a second complaint from the same sender, but does not acknowledge it again', async () => {
    const complaint = (id: string, text: string) =>
      `From: Repeat Sender <repeat@example.com>\r\nTo: complaints@liaison.example.org\r\nSubject: ${text}\r\nMessage-ID: <${id}@example.com>\r\n\r\n${text}\r\n`;
    await send(complaint('repeat-1', 'The lift was broken'), 'repeat@example.com');
    await eventually(async () => (await mailsTo('repeat@example.com'))[0], 'the first acknowledgement');
    await send(complaint('repeat-2', 'The lift is still broken'), 'repeat@example.com');
    const repeatCases = await eventually(async () => {
      const page = await api.get<{ cases: { caseId: string }[] }>(
        COORDINATOR,
        '/api/cases?stage=triage&limit=100',
      );
      const views = await Promise.all(
        page.body.cases.map((item) =>
          api.get<{ case: { complaint: { complainant: { email: string } } } }>(
            COORDINATOR,
            `/api/cases/${item.caseId}`,
          ),
        ),
      );
      const mine = views.filter(
        (view) => view.body.case.complaint.complainant.email === 'repeat@example.com',
      );
      return mine.length === 2 ? mine : undefined;
    }, 'both cases at triage');
    expect(repeatCases).toHaveLength(2);
    expect(await mailsTo('repeat@example.com')).toHaveLength(1);
  });
});

describe('replies', () => {
  it('threads a Gmail reply by In-Reply-To, shows it without the quoted history, and tells the coordinators', async () => {
    await send(fixture('gmail-reply.eml', { ACK: ackMessageId, REF: reference }));
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    const reply = view.body.correspondence.find((item) => item.kind === 'reply');
    expect(reply?.displayBody).toBe('Thank you. It was cubicle 4 and the nurse was called Sam.');
    expect(reply?.body).toContain('> Dear Zara Example');
    const notice = await eventually(
      async () =>
        (await mailsTo(COORDINATOR)).find(
          (mail) => mail.subject === `New message from the complainant on ${reference}`,
        ),
      'the new-message notice',
    );
    expect(notice.text).not.toContain('cubicle');
  });

  it('threads an Outlook reply by the case address, keeps winmail.dat only in the raw message, and resumes the case', async () => {
    const triage = await api.waitForStep(caseId, 'triage');
    await api.complete(COORDINATOR, triage, {
      outcome: 'assign',
      type: 'grievance',
      category: 'Waiting times',
      priority: 'routine',
      assigneeId: 'dev-rep',
    });
    const investigation = await api.waitForStep(caseId, 'investigation');
    await api.complete('rep@example.org', investigation, {
      outcome: 'request-information',
      message: 'Which clinic did you attend?',
    });
    await api.waitForStep(caseId, 'awaiting-complainant');
    await send(fixture('outlook-reply.eml', { CASE_LOWER: caseId.toLowerCase(), REF: reference }));
    await api.waitForStep(caseId, 'investigation');
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    const reply = view.body.correspondence.find((item) =>
      item.subject.startsWith('RE: We need some more information'),
    );
    expect(reply?.displayBody).toBe('The appointment was at 14:30 in clinic B.');
    expect(reply?.attachments).toEqual([
      expect.objectContaining({ filename: 'winmail.dat', contentType: 'application/ms-tnef' }),
    ]);
    expect(reply?.attachments?.[0]?.key).toBeUndefined();
  });

  it('threads an Apple Mail reply by the reference in the subject and decodes ISO-8859-1', async () => {
    await send(fixture('apple-mail-reply.eml', { REF: reference }));
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    const reply = view.body.correspondence.find((item) => item.subject.startsWith('Re: Our response'));
    expect(reply?.displayBody).toBe("Merci. J'ai reçu votre réponse et je suis d'accord à 100 %.");
  });

  it('holds a message from someone who is not a party to the case, naming the case it points to', async () => {
    await send(fixture('forward-by-someone-else.eml', { REF: reference }), 'omar.other@example.net');
    const held = await api.get<Held>(COORDINATOR, '/api/held');
    expect(held.body.held).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'unknown-sender',
          from: 'omar.other@example.net',
          candidateCaseId: caseId,
        }),
      ]),
    );
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    expect(view.body.correspondence.some((item) => item.subject.startsWith('Fwd:'))).toBe(false);
  });

  it('records an out-of-office reply on the case without acting on it or answering it', async () => {
    const before = (await mailsTo(ZARA)).length;
    await send(fixture('out-of-office.eml', { ACK: ackMessageId, REF: reference }));
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    const automatic = view.body.correspondence.find((item) => item.kind === 'automatic-reply');
    expect(automatic?.automatic).toBe(true);
    expect((await mailsTo(ZARA)).length).toBe(before);
  });
});

describe('mail that must not become a case', () => {
  it('holds a bounce (DSN) for a person instead of opening a case for a robot', async () => {
    await send(fixture('bounce-dsn.eml'), '');
    const held = await api.get<Held>(COORDINATOR, '/api/held');
    expect(held.body.held).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'automatic', subject: 'Undelivered Mail Returned to Sender' }),
      ]),
    );
  });

  it('quarantines a virus without reading it, and holds spam and DMARC failures without acknowledging', async () => {
    const message = (subject: string, header: string, from: string) =>
      `From: ${from}\r\nTo: complaints@liaison.example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n${header}\r\n\r\nPlease read this.\r\n`;
    await send(message('Virus test', 'X-Liaison-Test-Virus: FAIL', 'virus@example.com'), 'virus@example.com');
    await send(message('Spam test', 'X-Liaison-Test-Spam: FAIL', 'spam@example.com'), 'spam@example.com');
    await send(message('Dmarc test', 'X-Liaison-Test-Dmarc: FAIL', 'spoof@example.com'), 'spoof@example.com');
    const held = await api.get<Held>(COORDINATOR, '/api/held');
    expect(held.body.quarantined).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'virus' })]),
    );
    expect(held.body.quarantined.find((item) => item.reason === 'virus')?.from).toBeUndefined();
    expect(held.body.held).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'spam', from: 'spam@example.com' }),
        expect.objectContaining({ reason: 'dmarc', from: 'spoof@example.com' }),
      ]),
    );
    for (const address of ['spam@example.com', 'spoof@example.com', 'virus@example.com']) {
      expect(await mailsTo(address)).toEqual([]);
    }
  });

  it('holds a message with too many MIME parts before parsing it', async () => {
    const parts = Array.from(
      { length: 250 },
      (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`,
    ).join('');
    const raw = `From: parts@example.com\r\nTo: complaints@liaison.example.org\r\nSubject: Many parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
    await send(raw, 'parts@example.com');
    const held = await api.get<Held>(COORDINATOR, '/api/held');
    expect(held.body.held).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'too-complex' })]),
    );
  });
});

describe('attachments', () => {
  it('stores allowed attachments (inline images included), refuses others by type, and makes names safe', async () => {
    await send(fixture('inline-image-and-attachments.eml'), 'lee@example.org.uk');
    const ack = await eventually(
      async () => (await mailsTo('lee@example.org.uk'))[0],
      'the acknowledgement to Lee',
    );
    const leeReference = ack.subject?.match(/\[(PR-\d{4}-\d{6})\]/)?.[1] as string;
    const view = await api.get<View>(COORDINATOR, `/api/cases/${leeReference}`);
    const complaint = view.body.correspondence.find((item) => item.kind === 'complaint');
    expect(complaint?.subject).toBe("Complaint about my father's care – ward 7");
    const byName = Object.fromEntries(
      (complaint?.attachments ?? []).map((attachment) => [attachment.filename, attachment]),
    );
    expect(byName['photo.png']).toMatchObject({
      contentType: 'image/png',
      inline: true,
      key: expect.stringMatching(/^mail\//),
    });
    expect(byName['letter.pdf']).toMatchObject({
      contentType: 'application/pdf',
      key: expect.stringMatching(/^mail\//),
    });
    const executable = Object.values(byName).find(
      (attachment) => attachment.contentType === 'application/x-msdownload',
    );
    expect(executable?.key).toBeUndefined();
    expect(executable?.filename).not.toContain('/');

    // Staff download a stored attachment through a short-lived link; a refused one has no link.
    const caseOfLee = view.body.case.caseId;
    const pdf = byName['letter.pdf'] as { attachmentId: string };
    const link = await api.get<{ url: string; filename: string }>(
      COORDINATOR,
      `/api/cases/${caseOfLee}/attachments/${pdf.attachmentId}`,
    );
    expect(link.status).toBe(200);
    const download = await fetch(link.body.url);
    expect(download.status).toBe(200);
    expect((await download.text()).startsWith('%PDF')).toBe(true);
    const refused = executable as { attachmentId: string };
    expect(
      (await api.get(COORDINATOR, `/api/cases/${caseOfLee}/attachments/${refused.attachmentId}`)).status,
    ).toBe(404);
    expect(
      (await api.get('rep@example.org', `/api/cases/${caseOfLee}/attachments/${pdf.attachmentId}`)).status,
    ).toBe(404);
  });
});

describe('staff correspondence and other channels', () => {
  it('emails the complainant from the case, and the answer threads back to it', async () => {
    const sent = await api.post<{ correspondenceId: string; channel: string }>(
      'rep@example.org',
      `/api/cases/${caseId}/messages`,
      {
        subject: 'A question about your visit',
        body: 'Could you tell us roughly what time you arrived?',
      },
    );
    expect(sent.status).toBe(201);
    const email = await eventually(
      async () =>
        (await mailsTo(ZARA)).find((mail) => mail.subject === `A question about your visit [${reference}]`),
      'the staff message',
    );
    expect(email.headers.get('auto-submitted')).toBeUndefined();
    const answer = [
      `From: Zara Example <${ZARA}>`,
      'To: complaints@liaison.example.org',
      `Subject: Re: A question about your visit [${reference}]`,
      `In-Reply-To: ${email.messageId}`,
      'Message-ID: <answer-0001@gmail.com>',
      '',
      'About half past seven in the evening.',
      '',
    ].join('\r\n');
    await send(answer);
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    expect(
      view.body.correspondence.find((item) => item.subject.startsWith('Re: A question'))?.displayBody,
    ).toBe('About half past seven in the evening.');
  });

  it('records phone and walk-in notes on the case', async () => {
    const note = await api.post(COORDINATOR, `/api/cases/${caseId}/notes`, {
      channel: 'phone',
      direction: 'in',
      summary: 'Zara called to check progress; told her we expect to write by Friday.',
    });
    expect(note.status).toBe(201);
    const view = await api.get<{ correspondence: { channel: string; body: string }[] }>(
      COORDINATOR,
      `/api/cases/${caseId}`,
    );
    expect(view.body.correspondence).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: 'phone' })]),
    );
    expect(
      (
        await api.post(COORDINATOR, `/api/cases/${caseId}/notes`, {
          channel: 'fax',
          direction: 'in',
          summary: 'x',
        })
      ).status,
    ).toBe(400);
  });

  it('lets a coordinator open a case for a phone call: a grievance unless resolved there and then', async () => {
    const complaint = {
      complainant: {
        name: 'Phil Phone',
        email: 'phil@example.com',
        phone: '+1 555 010 0199',
        relationship: 'self',
      },
      description: 'Called about a billing letter he did not understand.',
      contactPreference: 'phone',
    };
    const open = await api.post<{ caseId: string }>(COORDINATOR, '/api/cases', {
      complaint,
      channel: 'phone',
    });
    expect(open.status).toBe(201);
    const resolved = await api.post<{ caseId: string }>(COORDINATOR, '/api/cases', {
      complaint,
      channel: 'phone',
      resolvedAtFirstContact: true,
    });
    const rule = async (id: string) =>
      (
        await api.get<{ case: { classification: { ruleId: string; kind: string } } }>(
          COORDINATOR,
          `/api/cases/${id}`,
        )
      ).body.case.classification;
    expect(await rule(open.body.caseId)).toMatchObject({
      kind: 'grievance',
      ruleId: 'cms-verbal-not-resolved',
    });
    expect(await rule(resolved.body.caseId)).toMatchObject({
      kind: 'complaint',
      ruleId: 'cms-verbal-resolved-promptly',
    });
    expect((await api.post('rep@example.org', '/api/cases', { complaint, channel: 'phone' })).status).toBe(
      403,
    );
  });
});

describe('placing held messages', () => {
  type HeldItem = { heldId: string; reason: string; from?: string; candidateCaseId?: string };
  async function heldList() {
    return (await api.get<{ held: HeldItem[]; quarantined: HeldItem[] }>(COORDINATOR, '/api/held')).body;
  }

  it('lets a coordinator put a stranger’s message on the case it points to, once', async () => {
    const forward = (await heldList()).held.find((item) => item.reason === 'unknown-sender');
    expect(forward?.candidateCaseId).toBe(caseId);
    expect((await api.post('rep@example.org', `/api/held/${forward?.heldId}/place`, { caseId })).status).toBe(
      403,
    );
    const placed = await api.post(COORDINATOR, `/api/held/${forward?.heldId}/place`, { caseId });
    expect(placed.status).toBe(200);
    const view = await api.get<View>(COORDINATOR, `/api/cases/${caseId}`);
    expect(view.body.correspondence.some((item) => item.subject.startsWith('Fwd:'))).toBe(true);
    expect((await api.post(COORDINATOR, `/api/held/${forward?.heldId}/place`, { caseId })).status).toBe(409);
    expect((await heldList()).held.some((item) => item.heldId === forward?.heldId)).toBe(false);
  });

  it('turns a held message into a new case, discards another, and never places a quarantined one', async () => {
    const list = await heldList();
    const spam = list.held.find((item) => item.reason === 'spam');
    const created = await api.post<{ caseId: string }>(COORDINATOR, `/api/held/${spam?.heldId}/place`, {
      newCase: true,
    });
    expect(created.status).toBe(200);
    expect((await api.get(COORDINATOR, `/api/cases/${created.body.caseId}`)).status).toBe(200);
    const dmarc = list.held.find((item) => item.reason === 'dmarc');
    expect((await api.post(COORDINATOR, `/api/held/${dmarc?.heldId}/place`, { discard: true })).status).toBe(
      200,
    );
    const virus = list.quarantined.find((item) => item.reason === 'virus');
    expect((await api.post(COORDINATOR, `/api/held/${virus?.heldId}/place`, { newCase: true })).status).toBe(
      403,
    );
    expect((await api.post(COORDINATOR, `/api/held/${spam?.heldId}/place`, { sideways: true })).status).toBe(
      400,
    );
  });
});

describe('a referral round trip', () => {
  it('emails the question, takes the answer over SMTP to its own address, and keeps it internal', async () => {
    const submitted = await fetch(`${stack.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        complainant: { name: 'Rosa Referral', email: 'rosa@example.com', relationship: 'self' },
        description: 'My bill lists a scan I never had.',
        contactPreference: 'email',
      }),
    });
    const { caseId: id } = (await submitted.json()) as { caseId: string };
    const asked = await api.post<{ referral: { referralId: string } }>(
      COORDINATOR,
      `/api/cases/${id}/referrals`,
      {
        to: 'billing.lead@example.org',
        toName: 'Bo Billing',
        question: 'Was the scan on the bill performed, and can it be refunded?',
        dueDate: '2099-01-15',
      },
    );
    expect(asked.status).toBe(201);
    const question = await eventually(
      async () => (await mailsTo('billing.lead@example.org'))[0],
      'the referral email',
    );
    const replyTo = question.replyTo && 'text' in question.replyTo ? question.replyTo.text : '';
    expect(replyTo).toBe(
      `complaints+${id.toLowerCase()}-${asked.body.referral.referralId.toLowerCase()}@liaison.example.org`,
    );
    // The billing lead answers from their mail client, to the referral's own address.
    await send(
      [
        'From: Bo Billing <billing.lead@example.org>',
        `To: ${replyTo}`,
        `Subject: Re: ${question.subject}`,
        `In-Reply-To: ${question.messageId}`,
        'Message-ID: <answer-1@example.org>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Not performed: a coding error. Refund issued today.',
        '',
      ].join('\r\n'),
      'billing.lead@example.org',
      [replyTo],
    );
    const view = await eventually(async () => {
      const { body } = await api.get<View & { case: { referrals: { status: string }[] } }>(
        COORDINATOR,
        `/api/cases/${id}`,
      );
      return body.case.referrals[0]?.status === 'answered' ? body : undefined;
    }, 'the answer on the case');
    const answer = view.correspondence.find((item) => item.kind === 'referral-answer');
    expect(answer?.body).toContain('coding error');
    // Never on the complainant's status page.
    const acknowledgement = (await mailsTo('rosa@example.com'))[0];
    const token = acknowledgement?.text?.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1];
    const status = await fetch(`${stack.url}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(status.status).toBe(200);
    expect(JSON.stringify(await status.json())).not.toMatch(/coding error|scan on the bill performed/);
  });
});
