/** The pure parts of reading mail: limits, automatic-mail rules, threading clues, quoted-text stripping. */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import {
  checkLimits,
  htmlToText,
  type InboundMail,
  isAutomatic,
  MAIL_LIMITS,
  mimeShape,
  multipartBoundaries,
  parseMail,
  threadClues,
  visibleReply,
} from '../../functions/core/mail/inbound-mail';
import { safeEmailHtml } from '../../web/console/src/email-html';

const multipart = (parts: number, boundary = 'b') =>
  Buffer.from(
    `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${Array.from({ length: parts }, (_, index) => `--${boundary}\r\n\r\npart ${index}\r\n`).join('')}--${boundary}--\r\n`,
  );

describe('limits before parsing', () => {
  it('counts parts and refuses more than the limit', () => {
    expect(mimeShape(multipart(3)).parts).toBe(3);
    expect(checkLimits(multipart(MAIL_LIMITS.maxParts))).toBeUndefined();
    expect(checkLimits(multipart(MAIL_LIMITS.maxParts + 1))).toBe('too-complex');
  });

  it('refuses deep nesting and oversized messages', () => {
    const nested = Array.from(
      { length: 12 },
      (_, depth) => `Content-Type: multipart/mixed; boundary="n${depth}"\r\n\r\n--n${depth}\r\n`,
    ).join('');
    expect(checkLimits(Buffer.from(nested))).toBe('too-complex');
    expect(checkLimits(Buffer.alloc(MAIL_LIMITS.maxBytes + 1, 'a'))).toBe('too-large');
  });
});

describe('the pre-parse MIME count', () => {
  const many = (boundary: string, header: string) =>
    Buffer.from(
      `${header}\r\n\r\n${`--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n`.repeat(250)}--${boundary}--\r\n`,
    );

  it.each([
    ['spaces around =', 'x1', 'Content-Type: multipart/mixed; boundary = "x1"'],
    ['no quotes', 'x2', 'Content-Type: multipart/mixed; boundary=x2'],
    ['a folded header', 'x3', 'Content-Type: multipart/mixed;\r\n\tboundary="x3"'],
    ['a comment', 'x4', 'Content-Type: multipart/mixed; (parts follow) boundary="x4" (the end)'],
    ['RFC 2231 continuations', 'ab-cd', 'Content-Type: multipart/mixed; boundary*0="ab-"; boundary*1="cd"'],
    ['an RFC 2231 extended value', 'e f', "Content-Type: multipart/mixed; boundary*=us-ascii'en'e%20f"],
  ])('finds the boundary written with %s, and refuses 250 parts', (_how, boundary, header) => {
    expect(multipartBoundaries(header)).toEqual([boundary]);
    expect(checkLimits(many(boundary, header))).toBe('too-complex');
  });
});

const mail = (overrides: Partial<InboundMail>): InboundMail => ({
  references: [],
  to: ['complaints@liaison.example.org'],
  subject: '',
  text: '',
  report: false,
  autoResponder: false,
  list: false,
  dkimDomains: [],
  attachments: [],
  from: { address: 'ann@example.com' },
  ...overrides,
});

describe('RFC 3834: never answer automatic mail', () => {
  it.each([
    [{ autoSubmitted: 'auto-replied' }, 'Auto-Submitted: auto-replied'],
    [{ precedence: 'bulk' }, 'Precedence: bulk'],
    [{ precedence: 'list' }, 'Precedence: list'],
    [{ returnPath: '' }, 'empty Return-Path'],
    [{ report: true }, 'delivery or disposition report'],
    [{ autoResponder: true }, 'auto-responder'],
    [{ from: { address: 'complaints@liaison.example.org' } }, 'sent from our own domain'],
  ])('%o is automatic', (overrides, reason) => {
    expect(isAutomatic(mail(overrides), 'liaison.example.org')).toBe(reason);
  });

  it('a person writing (Auto-Submitted: no) is not', () => {
    expect(
      isAutomatic(mail({ autoSubmitted: 'no', precedence: 'normal' }), 'liaison.example.org'),
    ).toBeUndefined();
  });
});

describe('threading clues', () => {
  it('reads Message-IDs, the case address and the reference', () => {
    const clues = threadClues(
      mail({
        inReplyTo: '<a@x>',
        references: ['<root@x>', '<a@x>'],
        to: ['complaints+01kcase0000000000000000000@liaison.example.org'],
        subject: 'Re: Our letter [PR-2026-000042]',
      }),
      'complaints@liaison.example.org',
    );
    expect(clues).toEqual({
      messageIds: ['<a@x>', '<root@x>'],
      plusCaseId: '01KCASE0000000000000000000',
      reference: 'PR-2026-000042',
    });
  });

  it('ignores plus-addresses of other mailboxes and domains', () => {
    const clues = threadClues(
      mail({
        to: [
          'other+01kcase0000000000000000000@liaison.example.org',
          'complaints+01kcase0000000000000000000@evil.example',
        ],
      }),
      'complaints@liaison.example.org',
    );
    expect(clues.plusCaseId).toBeUndefined();
  });
});

describe('the visible part of a reply', () => {
  it('drops Gmail and Apple Mail style quotes', () => {
    expect(
      visibleReply('Thanks!\n\nOn Sun, Nov 22, 2026 at 9:13 AM Hospital <a@b> wrote:\n> Dear Ann\n'),
    ).toBe('Thanks!');
  });

  it('drops an Outlook quoted header block', () => {
    expect(
      visibleReply(
        'Clinic B.\n\n________________________________\nFrom: Hospital <a@b>\nSent: 22 November 2026\n\nDear Ann',
      ),
    ).toBe('Clinic B.');
  });

  it('keeps the whole text when there is nothing quoted', () => {
    expect(visibleReply('Just this.')).toBe('Just this.');
  });
});

describe('parseMail', () => {
  it('reads headers, keeps the HTML as sent and takes the text from it without what is invisible', async () => {
    const parsed = await parseMail(
      Buffer.from(
        'From: Ann <ANN@Example.com>\r\nTo: complaints@liaison.example.org\r\nSubject: Hi\r\nMessage-ID: <m1@example.com>\r\nContent-Type: text/html\r\n\r\n<p onclick="x()">Hello<script>evil()</script><img src="http://tracker/x.png"></p>',
      ),
    );
    expect(parsed).toMatchObject({
      from: { address: 'ann@example.com', name: 'Ann' },
      messageId: '<m1@example.com>',
      subject: 'Hi',
    });
    // Made inert where it is shown (web/console/src/email-html.ts, tested below).
    expect(parsed?.html).toContain('<script>evil()</script>');
    expect(parsed?.text).toBe('Hello');
  });

  it('reads the text of an HTML-only message: lines, entities, nothing from scripts, styles or comments', () => {
    expect(
      htmlToText(
        '<html><head><title>T</title><style>p{color:red}</style></head><body><p>Waited&nbsp;6&#x20;hours &amp; more</p>' +
          '<!-- hidden --><div>Ward&#160;7<br>Bed 3</div><script>alert(1)</script></body></html>',
      ),
    ).toBe('Waited 6 hours & more\nWard\u00a07\nBed 3');
  });
});

describe('the sender HTML where it is shown (the console)', () => {
  const window = new JSDOM('').window as unknown as Parameters<typeof safeEmailHtml>[1];

  it('keeps formatting and links, drops scripts, handlers, images, styles, forms and script links', () => {
    const safe = safeEmailHtml(
      '<p onclick="x()" style="color:red">Hello <b>there</b><script>evil()</script><img src="http://tracker/x.png" onerror="steal()">' +
        '<a href="https://example.org/a">ok</a><a href="javascript:steal()">bad</a><form><input name="p"></form></p>',
      window,
    );
    expect(safe).toContain('<p>Hello <b>there</b><a href="https://example.org/a">ok</a><a>bad</a>');
    expect(safe).not.toMatch(/script|onclick|onerror|style|<img|<form|<input|javascript|steal|evil/);
  });
});
