/**
 * A page-flowing PDF writer over pdf-lib, shared by the letters to post and the surveyor packet: text wrapped to
 * the page, headings, label-and-value rows, new pages as the text needs them, and a footer on every page. The
 * standard Helvetica needs no font files in the bundle and covers Western European text; any other character
 * prints as its base letter (Nguyễn as Nguyen), or "?" when it has none, so no document fails to print.
 */
import type { PDFDocument as Document, PDFFont, PDFPage, RGB } from 'pdf-lib';

const PAPER = { letter: [612, 792], a4: [595.28, 841.89] } as const;
export type Paper = keyof typeof PAPER;
export const MARGIN = 64;

/** pdf-lib, loaded by the first document: the functions that import this module start without it (bench 3). */
let pdfLib: typeof import('pdf-lib') | undefined;
let ink: { text: RGB; footer: RGB } | undefined;

export class PdfWriter {
  private readonly pages: PDFPage[] = [];
  private page: PDFPage;
  /** Where the next line's baseline goes. */
  y: number;
  readonly width: number;
  readonly height: number;

  private constructor(
    private readonly document: Document,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    paper: Paper,
    private readonly supported: Set<number>,
  ) {
    [this.width, this.height] = PAPER[paper];
    this.page = this.addPage();
    this.y = this.height - MARGIN;
  }

  static async create(paper: Paper, title: string): Promise<PdfWriter> {
    pdfLib ??= await import('pdf-lib');
    const { PDFDocument, StandardFonts, rgb } = pdfLib;
    ink ??= { text: rgb(0.1, 0.1, 0.1), footer: rgb(0.4, 0.4, 0.4) };
    const document = await PDFDocument.create();
    document.setTitle(title);
    document.setCreator('Liaison');
    document.setProducer('Liaison');
    const regular = await document.embedFont(StandardFonts.Helvetica);
    const bold = await document.embedFont(StandardFonts.HelveticaBold);
    return new PdfWriter(document, regular, bold, paper, new Set(regular.getCharacterSet()));
  }

  get textWidth(): number {
    return this.width - 2 * MARGIN;
  }

  private addPage(): PDFPage {
    const page = this.document.addPage([this.width, this.height]);
    this.pages.push(page);
    return page;
  }

  newPage(): void {
    this.page = this.addPage();
    this.y = this.height - MARGIN;
  }

  /** The text as the font can print it: tabs as spaces, other characters as their base letter or "?". */
  printable(text: string): string {
    const one = (char: string): string => {
      if (char === '\n') return char;
      if (char === '\t') return '    ';
      if (this.supported.has(char.codePointAt(0) as number)) return char;
      const base = char.normalize('NFKD').replace(/\p{Mark}/gu, '');
      if (base && [...base].every((part) => this.supported.has(part.codePointAt(0) as number))) return base;
      return /\s/.test(char) ? ' ' : '?';
    };
    return [...text.replace(/\r\n?/g, '\n')].map(one).join('');
  }

  /** Writes one line at a place on the current page, without moving the flow. */
  at(
    x: number,
    y: number,
    text: string,
    options: { font?: PDFFont; size?: number; alignRight?: boolean } = {},
  ) {
    const font = options.font ?? this.regular;
    const size = options.size ?? 11;
    const line = this.printable(text);
    const left = options.alignRight ? x - font.widthOfTextAtSize(line, size) : x;
    this.page.drawText(line, { x: left, y, size, font, color: ink?.text });
  }

  /** Wrapped text in the flow, from `indent`, on as many pages as it needs. */
  paragraph(text: string, options: { font?: PDFFont; size?: number; indent?: number; after?: number } = {}) {
    const font = options.font ?? this.regular;
    const size = options.size ?? 11;
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    for (const line of wrap(this.printable(text), font, size, this.textWidth - indent)) {
      if (this.y < MARGIN + leading) this.newPage();
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: ink?.text });
      this.y -= leading;
    }
    this.y -= options.after ?? 0;
  }

  heading(text: string, size = 13): void {
    if (this.y < MARGIN + size * 4) this.newPage();
    this.y -= size * 0.5;
    this.paragraph(text, { font: this.bold, size, after: size * 0.3 });
  }

  /** Label and value rows: the label in bold, the value wrapped beside it. */
  rows(rows: [string, string][], labelWidth = 150): void {
    for (const [label, value] of rows) {
      if (this.y < MARGIN + 30) this.newPage();
      const top = this.y;
      this.page.drawText(this.printable(label), {
        x: MARGIN,
        y: top,
        size: 10,
        font: this.bold,
        color: ink?.text,
      });
      this.paragraph(value || '-', { size: 10, indent: labelWidth });
      this.y = Math.min(this.y, top - 13.5) - 2;
    }
  }

  async save(footer: (page: number, of: number) => string): Promise<Uint8Array> {
    this.pages.forEach((page, index) => {
      page.drawText(this.printable(footer(index + 1, this.pages.length)), {
        x: MARGIN,
        y: MARGIN / 2,
        size: 8,
        font: this.regular,
        color: ink?.footer,
      });
    });
    return this.document.save();
  }
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
