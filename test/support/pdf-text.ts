// What a PDF drawn with pdf-lib's standard fonts shows: loads it back, inflates each page's content
// streams and decodes the strings its text operators show (hex WinAnsi), one line per operator.
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';

// WinAnsi is Latin-1 but for 0x80–0x9F (Node's TextDecoder('windows-1252') decodes those as Latin-1 too).
const winAnsiHigh = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';
const winAnsi = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? winAnsiHigh[b - 0x80] : String.fromCharCode(b))).join('');
const shown = /<([0-9A-Fa-f\s]*)>\s*Tj/g;

export interface PdfText {
  doc: PDFDocument;
  /** The shown strings of each page, in drawing order. */
  pages: string[][];
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const lines: string[] = [];
    for (const ref of streams) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const [, hex] of operators.matchAll(shown)) lines.push(winAnsi(Buffer.from(hex!.replace(/\s/g, ''), 'hex')));
    }
    return lines;
  });
  return { doc, pages };
}
