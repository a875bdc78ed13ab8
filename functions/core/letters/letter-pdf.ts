/**
 * A letter to post, as a PDF (pdf-lib): the letterhead (the hospital's name, return address and phone), the
 * recipient's address block where a window envelope shows it, the date and reference, then the letter's text
 * wrapped to the page over as many pages as it takes, each numbered. The standard Helvetica needs no font files
 * in the bundle and covers Western European text; any other character prints as its base letter (Nguyễn as
 * Nguyen), or "?" when it has none, so no letter fails to print.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

export interface LetterContent {
  letterhead: { organizationName: string; addressLines: string[]; phone: string };
  /** The address block, one line each: the name, then the postal address. */
  recipient: string[];
  date: string;
  reference: string;
  subject: string;
  body: string;
  /** US Letter for a US hospital or plan, A4 in England. */
  paper: 'letter' | 'a4';
}

const PAPER = { letter: [612, 792], a4: [595.28, 841.89] } as const;
const MARGIN = 64;
const BODY_SIZE = 11;
const LINE = 15;
/** Where a window envelope shows the address: about 2 inches (50 mm) from the top. */
const ADDRESS_TOP = 144;

export async function letterPdf(letter: LetterContent): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle(`${letter.subject} (${letter.reference})`);
  document.setCreator('Liaison');
  document.setProducer('Liaison');
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const printable = printableIn(regular);
  const [width, height] = PAPER[letter.paper];
  const textWidth = width - 2 * MARGIN;
  const pages: PDFPage[] = [];
  const newPage = () => {
    const page = document.addPage([width, height]);
    pages.push(page);
    return page;
  };

  let page = newPage();
  const write = (text: string, x: number, y: number, font: PDFFont = regular, size = BODY_SIZE) =>
    page.drawText(printable(text), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });

  // Letterhead: the name on the left, the return address and phone on the right.
  write(letter.letterhead.organizationName, MARGIN, height - MARGIN, bold, 15);
  const contact = [...letter.letterhead.addressLines, letter.letterhead.phone];
  contact.forEach((line, index) => {
    const text = printable(line);
    const lineWidth = regular.widthOfTextAtSize(text, 9);
    write(text, width - MARGIN - lineWidth, height - MARGIN - index * 11, regular, 9);
  });

  let y = height - ADDRESS_TOP;
  for (const line of letter.recipient) {
    write(line, MARGIN, y);
    y -= LINE;
  }
  y -= LINE * 2;
  write(letter.date, MARGIN, y);
  y -= LINE;
  write(`Our reference: ${letter.reference}`, MARGIN, y);
  y -= LINE * 2;
  for (const line of wrap(printable(letter.subject), bold, BODY_SIZE, textWidth)) {
    write(line, MARGIN, y, bold);
    y -= LINE;
  }
  y -= LINE / 2;

  for (const line of wrap(printable(letter.body), regular, BODY_SIZE, textWidth)) {
    if (y < MARGIN + LINE) {
      page = newPage();
      y = height - MARGIN;
    }
    write(line, MARGIN, y);
    y -= LINE;
  }

  pages.forEach((each, index) => {
    const footer = `${letter.reference} · page ${index + 1} of ${pages.length}`;
    each.drawText(printable(footer), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: regular,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return document.save();
}

/** The text as the font can print it: tabs as spaces, other characters as their base letter or "?". */
function printableIn(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  const one = (char: string): string => {
    if (char === '\n') return char;
    if (char === '\t') return '    ';
    const code = char.codePointAt(0) as number;
    if (supported.has(code)) return char;
    const base = char.normalize('NFKD').replace(/\p{Mark}/gu, '');
    if (base && [...base].every((part) => supported.has(part.codePointAt(0) as number))) return base;
    return /\s/.test(char) ? ' ' : '?';
  };
  return (text) => [...text.replace(/\r\n?/g, '\n')].map(one).join('');
}

/** Lines no wider than `maxWidth`: paragraphs kept, words wrapped, a word longer than a line broken. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const widthOf = (value: string) => font.widthOfTextAtSize(value, size);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (widthOf(line) > maxWidth) {
        let cut = line.length - 1;
        while (cut > 1 && widthOf(line.slice(0, cut)) > maxWidth) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}
