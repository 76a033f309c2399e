// Lines, tables and bars flowed down A4 pages: each block asks for its height first and starts a
// new page when it would not fit, cells too wide are cut with an ellipsis, so nothing is ever drawn
// off the page however many rows a report has. Text goes through the WinAnsi filter first.
import {
  beginText,
  endText,
  moveText,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
  StandardFonts,
  type Color,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { winAnsiText } from './win-ansi-text';

const pageSize: [number, number] = [595.28, 841.89]; // A4 in points
const margin = 50;
const footerHeight = 24;
const rowHeight = 15;
const textSize = 9.5;
const ellipsis = '…';

export const palette = {
  ink: rgb(0.13, 0.15, 0.18),
  muted: rgb(0.42, 0.45, 0.5),
  rule: rgb(0.82, 0.84, 0.87),
  met: rgb(0.18, 0.55, 0.34),
  breached: rgb(0.8, 0.23, 0.2),
  open: rgb(0.62, 0.65, 0.7),
  bar: rgb(0.2, 0.4, 0.72),
};

export interface Column {
  title: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right';
}

/** A table's columns: the first names the row, the others hold numbers, aligned right. */
export const labelledColumns = (first: [string, number], ...numbers: [string, number][]): Column[] => [
  { title: first[0], width: first[1] },
  ...numbers.map(([title, width]): Column => ({ title, width, align: 'right' })),
];

export interface BarSegment {
  value: number;
  color: Color;
}

export interface BarRow {
  label: string;
  segments: BarSegment[];
  /** The numbers written beside the bar. */
  note: string;
}

export interface PageFlow {
  /** A line of text; `size` larger for titles. */
  line(text: string, options?: { size?: number; bold?: boolean; color?: Color }): void;
  /** Running text, wrapped at the text width. */
  paragraph(text: string, options?: { color?: Color }): void;
  /** A section heading, kept on the page with at least `keepRows` rows of what follows. */
  heading(text: string, keepRows?: number): void;
  /** Label–value pairs, two columns. */
  facts(rows: [string, string][]): void;
  /** A table whose caption and header repeat on every page it runs onto. */
  table(columns: Column[], rows: string[][], options?: { caption?: string; boldLast?: boolean }): void;
  /** Horizontal bars on one scale, each with its numbers beside it, kept on one page when they fit one. */
  bars(rows: BarRow[], options?: { caption?: string; legend?: { label: string; color: Color }[] }): void;
  gap(points?: number): void;
  /** Starts a new page unless the next `rows` rows (of tables, bars, facts) fit on this one. */
  keepRows(rows: number): void;
  /** Writes each page's footer (left text, "page n of m" right) once every page exists. */
  finish(left: string, pageOf: (n: number, of: number) => string): void;
}

export async function pageFlow(doc: PDFDocument): Promise<PageFlow> {
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const drawable = winAnsiText(regular); // Helvetica and its bold encode the same WinAnsi set
  const width = pageSize[0] - 2 * margin;
  const bottom = margin + footerHeight;
  // Fixed resource names: pdf-lib's drawText names the font anew at random on every call, so the
  // same report would not give the same bytes (and each page would list its fonts hundreds of times).
  const fontNames = new Map<PDFFont, PDFName>([
    [regular, PDFName.of('F1')],
    [bold, PDFName.of('F2')],
  ]);
  const addPage = () => {
    const added = doc.addPage(pageSize);
    for (const [font, name] of fontNames) added.node.setFontDictionary(name, font.ref);
    return added;
  };
  let page: PDFPage = addPage();
  let y = pageSize[1] - margin;

  const newPage = () => {
    page = addPage();
    y = pageSize[1] - margin;
  };
  /** Text already made drawable and fitted, its baseline at (x, y). */
  const show = (text: string, x: number, at: number, font: PDFFont, size: number, color: Color) =>
    page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingColor(color),
      setFontAndSize(fontNames.get(font)!, size),
      moveText(x, at),
      showText(font.encodeText(text)),
      endText(),
      popGraphicsState(),
    );
  const room = (height: number) => {
    if (y - height < bottom) newPage();
  };
  const fitted = (text: string, font: PDFFont, size: number, max: number) => {
    const clean = drawable(text);
    if (font.widthOfTextAtSize(clean, size) <= max) return clean;
    const chars = [...clean];
    while (chars.length && font.widthOfTextAtSize(chars.join('') + ellipsis, size) > max) chars.pop();
    return chars.join('') + ellipsis;
  };
  const draw = (
    text: string,
    x: number,
    max: number,
    o: { size?: number; font?: PDFFont; color?: Color; right?: boolean } = {},
  ) => {
    const size = o.size ?? textSize;
    const font = o.font ?? regular;
    const shown = fitted(text, font, size, max);
    const offset = o.right ? max - font.widthOfTextAtSize(shown, size) : 0;
    show(shown, x + offset, y, font, size, o.color ?? palette.ink);
  };
  /** Room for `height`, or a whole fresh page when it needs more than one. */
  const keep = (height: number) => room(Math.min(height, pageSize[1] - margin - bottom));
  const caption = (text: string | undefined) => {
    if (text === undefined) return;
    y -= textSize + 2;
    draw(text, margin, width, { font: bold });
    y -= rowHeight - textSize - 2;
  };
  const rule = (color = palette.rule) =>
    page.drawLine({ start: { x: margin, y: y - 4 }, end: { x: margin + width, y: y - 4 }, thickness: 0.5, color });

  const flow: PageFlow = {
    line(text, options = {}) {
      const size = options.size ?? textSize;
      const height = size * 1.45;
      room(height);
      y -= size;
      draw(text, margin, width, { size, font: options.bold ? bold : regular, color: options.color });
      y -= height - size;
    },
    paragraph(text, options = {}) {
      const words = drawable(text).split(' ');
      let current = '';
      const lines: string[] = [];
      for (const word of words) {
        const next = current ? `${current} ${word}` : word;
        if (current && regular.widthOfTextAtSize(next, textSize) > width) {
          lines.push(current);
          current = word;
        } else current = next;
      }
      if (current) lines.push(current);
      for (const text of lines) flow.line(text, { color: options.color });
    },
    heading(text, keepRows = 3) {
      keep(36 + keepRows * rowHeight);
      y -= 14;
      y -= 12;
      draw(text, margin, width, { size: 12, font: bold });
      rule(palette.ink);
      y -= 10;
    },
    facts(rows) {
      for (const [label, value] of rows) {
        room(rowHeight);
        y -= textSize + 2;
        draw(label, margin, width * 0.45, { color: palette.muted });
        draw(value, margin + width * 0.45, width * 0.55);
        y -= rowHeight - textSize - 2;
      }
    },
    table(columns, rows, options = {}) {
      const total = columns.reduce((sum, c) => sum + c.width, 0);
      const spans = columns.map((c) => (c.width / total) * width);
      const header = () => {
        caption(options.caption);
        y -= textSize + 2;
        let x = margin;
        columns.forEach((c, i) => {
          draw(c.title, x, spans[i]! - 6, { font: bold, right: c.align === 'right', color: palette.muted });
          x += spans[i]!;
        });
        rule();
        y -= rowHeight - textSize - 2;
      };
      keep((options.caption === undefined ? 1 : 2) * rowHeight + Math.min(rows.length, 3) * rowHeight);
      header();
      rows.forEach((row, r) => {
        if (y - rowHeight < bottom) {
          newPage();
          header();
        }
        y -= textSize + 2;
        const font = options.boldLast && r === rows.length - 1 ? bold : regular;
        let x = margin;
        columns.forEach((c, i) => {
          draw(row[i] ?? '', x, spans[i]! - 6, { font, right: c.align === 'right' });
          x += spans[i]!;
        });
        y -= rowHeight - textSize - 2;
      });
    },
    bars(rows, options = {}) {
      const legend = options.legend ?? [];
      keep((rows.length + (legend.length ? 1 : 0) + (options.caption === undefined ? 0 : 1)) * rowHeight);
      caption(options.caption);
      const labelWidth = width * 0.2;
      const noteWidth = width * 0.3;
      const barWidth = width - labelWidth - noteWidth - 12;
      const max = Math.max(1, ...rows.map((r) => r.segments.reduce((sum, s) => sum + Math.max(0, s.value), 0)));
      if (legend.length) {
        y -= textSize + 2;
        let x = margin + labelWidth;
        for (const { label, color } of legend) {
          page.drawRectangle({ x, y: y - 1, width: 8, height: 8, color });
          const shown = fitted(label, regular, textSize, barWidth / legend.length - 14);
          show(shown, x + 11, y, regular, textSize, palette.muted);
          x += regular.widthOfTextAtSize(shown, textSize) + 24;
        }
        y -= rowHeight - textSize - 2;
      }
      for (const row of rows) {
        room(rowHeight);
        y -= textSize + 2;
        draw(row.label, margin, labelWidth - 6);
        let x = margin + labelWidth;
        for (const s of row.segments) {
          const w = (Math.max(0, s.value) / max) * barWidth;
          if (w > 0) page.drawRectangle({ x, y: y - 2, width: w, height: 10, color: s.color });
          x += w;
        }
        draw(row.note, x + 6, margin + width - x - 6);
        y -= rowHeight - textSize - 2;
      }
    },
    gap(points = 6) {
      y -= points;
    },
    keepRows(rows) {
      keep(rows * rowHeight);
    },
    finish(left, pageOf) {
      const pages = doc.getPages();
      pages.forEach((p, i) => {
        page = p;
        y = margin;
        rule();
        y = margin - 12;
        draw(left, margin, width * 0.7, { size: 8, color: palette.muted });
        draw(pageOf(i + 1, pages.length), margin + width * 0.7, width * 0.3, {
          size: 8,
          color: palette.muted,
          right: true,
        });
      });
    },
  };
  return flow;
}
