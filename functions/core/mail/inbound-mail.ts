/**
 * Reading an inbound email safely: limits checked on the raw bytes before any parser sees them, parsing that
 * cannot throw past this module, RFC 3834 rules for recognising automatic mail (so Liaison never answers a
 * robot), the clues that thread a reply onto its case, and the plain text shown to staff with the quoted
 * history stripped (the original is always kept).
 */
import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { REFERENCE_PATTERN } from '../intake/reference';

export const MAIL_LIMITS = {
  /** SES accepts up to 40 MB; complaints with photos fit well within 25 MB. */
  maxBytes: 25 * 1024 * 1024,
  /** Parsers have been frozen by messages with huge part counts (shared notes, local-aws.md). */
  maxParts: 200,
  maxNestingDepth: 10,
  maxAttachmentBytes: 10 * 1024 * 1024,
} as const;

/** What we store from attachments; anything else is kept only inside the raw message. */
export const ATTACHMENT_TYPES = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/heic',
  'image/webp',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/rtf',
]);

export type HoldReason =
  | 'virus'
  | 'unscanned'
  | 'unauthenticated'
  | 'unstorable'
  | 'spam'
  | 'dmarc'
  | 'too-large'
  | 'too-complex'
  | 'unparseable'
  | 'no-sender'
  | 'automatic'
  | 'unknown-sender'
  | 'conflicting-message';

/**
 * The boundary of every multipart Content-Type header in the raw bytes, read as RFC 2045/2231 allow it to be
 * written: folded over lines, with spaces around `=`, quoted or not, with (comments), and split into RFC 2231
 * continuations (`boundary*0=`, `boundary*1*=`).
 */
export function multipartBoundaries(text: string): string[] {
  const boundaries: string[] = [];
  // A header and its folded continuation lines; bounded so a hostile header cannot make this slow.
  const header = /^content-type[ \t]*:((?:[^\r\n]{0,4096}(?:\r?\n[ \t]+)?){1,64})/gim;
  for (const match of text.matchAll(header)) {
    const value = withoutComments((match[1] ?? '').replace(/\r?\n[ \t]+/g, ' '));
    if (!/^\s*multipart\s*\//i.test(value)) continue;
    const pieces = new Map<number, string>();
    const parameter = /;\s*boundary\s*(?:\*\s*(\d+))?\s*(\*)?\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/gi;
    for (const part of value.matchAll(parameter)) {
      const index = part[1] === undefined ? 0 : Number(part[1]);
      let piece = part[3] !== undefined ? part[3].replace(/\\(.)/g, '$1') : (part[4] ?? '');
      // RFC 2231 extended value: charset'language'percent-encoded (the charset and language only on the first).
      if (part[2]) piece = decodeExtended(index === 0 ? piece.replace(/^[^']*'[^']*'/, '') : piece);
      if (!pieces.has(index)) pieces.set(index, piece);
    }
    const boundary = [...pieces.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, piece]) => piece)
      .join('');
    if (boundary && !boundaries.includes(boundary)) boundaries.push(boundary);
  }
  return boundaries;
}

function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < value.length; index += 1) {
    const character = value[index] as string;
    if (character === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += character + (value[index + 1] ?? '');
      index += 1;
    } else if (character === '"' && depth === 0) {
      quoted = !quoted;
      out += character;
    } else if (character === '(' && !quoted) {
      depth += 1;
    } else if (character === ')' && !quoted && depth > 0) {
      depth -= 1;
    } else if (depth === 0) {
      out += character;
    }
  }
  return out;
}

function decodeExtended(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    return piece;
  }
}

/** Counts MIME parts and multipart nesting on the raw bytes, without a MIME parser. */
export function mimeShape(raw: Buffer): { parts: number; depth: number } {
  const text = raw.toString('latin1');
  const boundaries = multipartBoundaries(text);
  let parts = 0;
  let depth = 0;
  for (const boundary of boundaries) {
    const marker = `--${boundary}`;
    let index = text.indexOf(marker);
    let count = 0;
    // Counting stops just past the limit: enough to refuse, and linear in the message either way.
    while (index !== -1 && count <= MAIL_LIMITS.maxParts + 1) {
      count += 1;
      index = text.indexOf(marker, index + marker.length);
    }
    parts += Math.max(0, count - 1);
  }
  depth = boundaries.length;
  return { parts: Math.max(parts, 1), depth };
}

export function checkLimits(raw: Buffer): HoldReason | undefined {
  if (raw.byteLength > MAIL_LIMITS.maxBytes) return 'too-large';
  const shape = mimeShape(raw);
  if (shape.parts > MAIL_LIMITS.maxParts || shape.depth > MAIL_LIMITS.maxNestingDepth) return 'too-complex';
  return undefined;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  inline: boolean;
  /** Stored only if its type is on the allow-list and its size within the limit. */
  accepted: boolean;
}

export interface InboundMail {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: { address: string; name?: string };
  /** The Return-Path header's address; '' for the null sender `<>`. */
  returnPath?: string;
  /** Mailing-list mail (List-Id or List-Unsubscribe, RFC 2919 and 2369). */
  list: boolean;
  /** The domains (d=) of the message's DKIM signatures, for alignment with the From domain. */
  dkimDomains: string[];
  to: string[];
  subject: string;
  date?: string;
  text: string;
  /** Sanitized HTML body, for display in a sandboxed frame only. */
  html?: string;
  autoSubmitted?: string;
  precedence?: string;
  /** A delivery status notification (bounce) or a disposition report. */
  report: boolean;
  /** Out-of-office and other auto-responder headers. */
  autoResponder: boolean;
  attachments: InboundAttachment[];
}

function addresses(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((mailbox) => mailbox.address?.toLowerCase() ?? '')
    .filter(Boolean);
}

function headerText(mail: Email, name: string): string | undefined {
  return mail.headers.find((header) => header.key === name)?.value;
}

function ids(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\s+/)
    .map((id) => id.trim())
    .filter((id) => /^<[^<>\s]+>$/.test(id));
}

/**
 * Parses a raw message with postal-mime (charsets decoded by the runtime's TextDecoder). Never throws: a message
 * the parser cannot read comes back as undefined.
 */
export async function parseMail(raw: Buffer): Promise<InboundMail | undefined> {
  let mail: Email;
  try {
    mail = await PostalMime.parse(raw, {
      attachmentEncoding: 'arraybuffer',
      // checkLimits refuses deeper messages first; this only bounds the parser's own recursion.
      maxNestingDepth: MAIL_LIMITS.maxNestingDepth + 1,
    });
  } catch {
    return undefined;
  }
  try {
    const sender = mail.from && !mail.from.group ? mail.from : mail.from?.group?.[0];
    const contentType = headerText(mail, 'content-type') ?? '';
    const text = mail.text?.trim() || htmlToText(mail.html ?? '');
    const date = mail.date ? new Date(mail.date) : undefined;
    return {
      messageId: ids(mail.messageId)[0],
      inReplyTo: ids(mail.inReplyTo)[0],
      references: ids(mail.references),
      from: sender?.address
        ? { address: sender.address.toLowerCase(), name: sender.name || undefined }
        : undefined,
      returnPath: headerText(mail, 'return-path')
        ?.replace(/[<>\s]/g, '')
        .toLowerCase(),
      list: mail.headerLines.some((line) => line.key === 'list-id' || line.key === 'list-unsubscribe'),
      dkimDomains: dkimDomainsOf(mail),
      to: [...addresses(mail.to), ...addresses(mail.cc)],
      subject: (mail.subject ?? '').slice(0, 998),
      date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined,
      text,
      // As sent: the console makes it inert where it is shown (web/console/src/email-html.ts).
      html: mail.html?.trim() || undefined,
      autoSubmitted: headerText(mail, 'auto-submitted')?.toLowerCase(),
      precedence: headerText(mail, 'precedence')?.toLowerCase(),
      report:
        /multipart\/report/i.test(contentType) || /^mailer-daemon@|^postmaster@/i.test(sender?.address ?? ''),
      autoResponder:
        headerText(mail, 'x-autoreply') !== undefined ||
        headerText(mail, 'x-autorespond') !== undefined ||
        /^auto(matic)? ?(reply|response)|^out of (the )?office/i.test(mail.subject ?? ''),
      attachments: mail.attachments.map((attachment) => {
        const contentTypeOf = attachment.mimeType.toLowerCase();
        const content = Buffer.from(attachment.content as ArrayBuffer);
        return {
          filename: safeFilename(attachment.filename ?? 'attachment'),
          contentType: contentTypeOf,
          size: content.byteLength,
          content,
          inline: attachment.disposition === 'inline' || attachment.related === true,
          accepted:
            ATTACHMENT_TYPES.has(contentTypeOf) && content.byteLength <= MAIL_LIMITS.maxAttachmentBytes,
        };
      }),
    };
  } catch {
    return undefined;
  }
}

function dkimDomainsOf(mail: Email): string[] {
  return mail.headerLines
    .filter((line) => line.key === 'dkim-signature')
    .map((line) => /[;\s:]d\s*=\s*([a-z0-9.-]+)/i.exec(line.line)?.[1]?.toLowerCase())
    .filter((domain): domain is string => !!domain);
}

/** The text of an HTML-only message: blocks become lines, tags and invisible content go, entities are read. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function safeFilename(name: string): string {
  // Path separators and control characters never reach a stored name.
  const cleaned = [...name]
    .map((character) =>
      character === '/' || character === '\\' || character.charCodeAt(0) < 0x20 ? '_' : character,
    )
    .join('')
    .replace(/^\.+/, '')
    .slice(0, 120);
  return cleaned || 'attachment';
}

/**
 * RFC 3834 section 2 and common practice: never answer automatic mail. Auto-Submitted other than "no",
 * Precedence bulk/junk/list, list mail, the null sender (envelope first, then Return-Path), reports (bounces),
 * auto-responders, or our own domain.
 */
export function isAutomatic(
  mail: InboundMail,
  ownDomain: string,
  /** SES's envelope sender (MAIL FROM), the authority: '' (or `<>`) is the null sender of bounces. */
  envelopeSender?: string,
): string | undefined {
  if (envelopeSender !== undefined && /^\s*<?\s*>?\s*$/.test(envelopeSender)) return 'null envelope sender';
  if (mail.autoSubmitted && mail.autoSubmitted !== 'no') return `Auto-Submitted: ${mail.autoSubmitted}`;
  if (mail.precedence && ['bulk', 'junk', 'list'].includes(mail.precedence))
    return `Precedence: ${mail.precedence}`;
  if (mail.list) return 'mailing list';
  if (mail.returnPath === '') return 'empty Return-Path';
  if (mail.report) return 'delivery or disposition report';
  if (mail.autoResponder) return 'auto-responder';
  if (mail.from?.address.endsWith(`@${ownDomain.toLowerCase()}`)) return 'sent from our own domain';
  return undefined;
}

export interface ThreadClues {
  messageIds: string[];
  /** caseId from a reply address like complaints+<caseId>@domain. */
  plusCaseId?: string;
  /** A referral's own reply address, complaints+<caseId>-<referralId>@domain (correspondence/referrals.ts). */
  referral?: { caseId: string; referralId: string };
  reference?: string;
}

export function threadClues(mail: InboundMail, inboundAddress: string): ThreadClues {
  const [local, domain] = inboundAddress.toLowerCase().split('@');
  const plus = mail.to
    .map(
      (address) =>
        address.match(
          new RegExp(
            `^${escapeRegExp(local ?? '')}\\+([0-9a-hjkmnp-tv-z]{26})@${escapeRegExp(domain ?? '')}$`,
            'i',
          ),
        )?.[1],
    )
    .find(Boolean);
  const ulid = '[0-9a-hjkmnp-tv-z]{26}';
  const referral = mail.to
    .map((address) =>
      address.match(
        new RegExp(`^${escapeRegExp(local ?? '')}\\+(${ulid})-(${ulid})@${escapeRegExp(domain ?? '')}$`, 'i'),
      ),
    )
    .find(Boolean);
  const reference = mail.subject.match(new RegExp(`\\b(${REFERENCE_PATTERN.source.slice(1, -1)})\\b`))?.[1];
  return {
    messageIds: [
      ...new Set([mail.inReplyTo, ...mail.references.slice().reverse()].filter((id): id is string => !!id)),
    ],
    plusCaseId: plus?.toUpperCase(),
    ...(referral?.[1] && referral[2]
      ? { referral: { caseId: referral[1].toUpperCase(), referralId: referral[2].toUpperCase() } }
      : {}),
    reference,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The new part of a reply, for display; Gmail, Outlook and Apple Mail quote styles are removed. */
export function visibleReply(text: string): string {
  try {
    const outlookCut =
      text.split(/^(?:-{2,}\s*Original Message\s*-{2,}|_{10,}|From:\s.+\r?\nSent:\s)/im)[0] ?? text;
    const stripped = new EmailReplyParser().parseReply(outlookCut).trim();
    return stripped || text.trim();
  } catch {
    return text.trim();
  }
}

/**
 * A stable id for one message: its Message-ID with a hash of its body. The same message delivered twice, or by
 * two routes (whose Received headers differ), gets one id; a different message reusing a Message-ID gets its
 * own, so it is kept, never mistaken for a duplicate.
 */
export function messageKey(mail: Pick<InboundMail, 'messageId'> | undefined, raw: Buffer): string {
  const text = raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const body = split === -1 ? text : text.slice(split);
  const bodyHash = createHash('sha256').update(body, 'latin1').digest('base64url');
  const source = mail?.messageId
    ? `${mail.messageId}\n${bodyHash}`
    : createHash('sha256').update(raw).digest('base64url');
  return createHash('sha256').update(source).digest('base64url').slice(0, 32);
}
