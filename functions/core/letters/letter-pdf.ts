/**
 * A letter to post, as a PDF: the letterhead (the hospital's name, return address and phone), the recipient's
 * address block where a window envelope shows it, the date and reference, then the letter's text over as many
 * pages as it takes, each numbered (pdf-writer.ts).
 */
import { MARGIN, type Paper, PdfWriter } from './pdf-writer';

export interface LetterContent {
  letterhead: { organizationName: string; addressLines: string[]; phone: string };
  /** The address block, one line each: the name, then the postal address. */
  recipient: string[];
  date: string;
  reference: string;
  subject: string;
  body: string;
  /** US Letter for a US hospital or plan, A4 in England. */
  paper: Paper;
}

/** Where a window envelope shows the address: about 2 inches (50 mm) from the top. */
const ADDRESS_TOP = 144;
const LINE = 15;

export async function letterPdf(letter: LetterContent): Promise<Uint8Array> {
  const pdf = await PdfWriter.create(letter.paper, `${letter.subject} (${letter.reference})`);
  const top = pdf.height - MARGIN;
  pdf.at(MARGIN, top, letter.letterhead.organizationName, { font: pdf.bold, size: 15 });
  [...letter.letterhead.addressLines, letter.letterhead.phone].forEach((line, index) => {
    pdf.at(pdf.width - MARGIN, top - index * 11, line, { size: 9, alignRight: true });
  });
  pdf.y = pdf.height - ADDRESS_TOP;
  for (const line of letter.recipient) pdf.paragraph(line);
  pdf.y -= LINE * 2;
  pdf.paragraph(letter.date);
  pdf.paragraph(`Our reference: ${letter.reference}`, { after: LINE });
  pdf.paragraph(letter.subject, { font: pdf.bold, after: LINE / 2 });
  pdf.paragraph(letter.body);
  return pdf.save((page, of) => `${letter.reference} · page ${page} of ${of}`);
}
