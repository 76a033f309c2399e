// What a PDF drawn with pdf-lib's standard fonts shows: loads it back, inflates each page's content
// streams and decodes the strings its text operators show (hex WinAnsi), with where each is placed.
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';

// WinAnsi is Latin-1 but for 0x80–0x9F (Node's TextDecoder('windows-1252') decodes those as Latin-1 too).
const winAnsiHigh = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';
const winAnsi = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? winAnsiHigh[b - 0x80] : String.fromCharCode(b))).join('');
const number = String.raw`(-?\d+(?:\.\d+)?)`;
const placedText = new RegExp(String.raw`${number} ${number} Td\s*<([0-9A-Fa-f\s]*)>\s*Tj`, 'g');
const translated = new RegExp(String.raw`1 0 0 1 ${number} ${number} cm`, 'g');

export interface Placed {
  text: string;
  x: number;
  y: number;
}

export interface PdfPage {
  /** The shown strings, in drawing order. */
  lines: string[];
  texts: Placed[];
  /** Where shapes (bars, rules) were moved to before drawing. */
  shapeOrigins: { x: number; y: number }[];
}

export interface PdfText {
  doc: PDFDocument;
  pages: PdfPage[];
  /** Every page's lines, in page order. */
  lines: string[];
  /** The same lines as one string. */
  all: string;
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages().map((page): PdfPage => {
    const contents = page.node.Contents();
    const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const texts: Placed[] = [];
    const shapeOrigins: { x: number; y: number }[] = [];
    for (const ref of streams) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const [, x, y, hex] of operators.matchAll(placedText))
        texts.push({ text: winAnsi(Buffer.from(hex!.replace(/\s/g, ''), 'hex')), x: Number(x), y: Number(y) });
      for (const [, x, y] of operators.matchAll(translated))
        // pdf-lib also writes identity matrices (rotation, skew)
        if (Number(x) || Number(y)) shapeOrigins.push({ x: Number(x), y: Number(y) });
    }
    return { lines: texts.map((t) => t.text), texts, shapeOrigins };
  });
  const lines = pages.flatMap((p) => p.lines);
  return { doc, pages, lines, all: lines.join('\n') };
}
