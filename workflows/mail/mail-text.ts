// The plain-text part of a desk mail, from its blocks, laid out for a plain-text client: lines
// wrapped at 72 columns on word boundaries (a word or URL longer than that stands alone, never
// broken), each URL on a line of its own so it stays one click, a person's words set off as an
// indented quote under who wrote them, facts in aligned columns, and the signature after the
// standard `-- ` delimiter, which reply parsers cut at. Pure.
import type { MailBlock, MailLetter } from './mail-blocks';

/** RFC 3676's advice for text that is read, not reflowed: well under the 78 a line may have. */
export const TEXT_WIDTH = 72;
/** A person's words stand indented this far under who wrote them. */
const QUOTE_INDENT = '  ';
/** Fact labels wider than this do not push every value to the right; their value follows them. */
const MAX_LABEL_COLUMN = 24;

/** Width as a reader counts it: code points, so an accented or astral character counts once. */
const widthOf = (text: string) => [...text].length;
const padTo = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - widthOf(text)));

const isUrl = (word: string) => /^<?https?:\/\//i.test(word);

/**
 * One source line as lines of at most `TEXT_WIDTH` (a single overlong word excepted): `first`
 * prefixes the first of them, `rest` the others. A line that fits and holds no URL beside other
 * words is kept verbatim, its inner spacing included.
 */
function wrapLine(line: string, first: string, rest: string): string[] {
  const lead = /^[ \t]*/.exec(line)![0];
  const body = line.slice(lead.length).trimEnd();
  if (!body) return [first.trimEnd()];
  const words = body.split(/[ \t]+/);
  const urlAmongWords = words.length > 1 && words.some(isUrl);
  if (!urlAmongWords && widthOf(first + lead + body) <= TEXT_WIDTH) return [first + lead + body];
  const lines: string[] = [];
  let prefix = first + lead;
  let current = '';
  const flush = () => {
    if (!current) return;
    lines.push(prefix + current);
    prefix = rest + lead;
    current = '';
  };
  for (const word of words) {
    if (isUrl(word)) {
      flush();
      current = word;
      flush();
    } else {
      if (current && widthOf(`${prefix}${current} ${word}`) > TEXT_WIDTH) flush();
      current = current ? `${current} ${word}` : word;
    }
  }
  flush();
  return lines;
}

/** Text of one or more lines, its line breaks kept, each line wrapped; `first` prefixes only the very first. */
const wrapText = (text: string, first = '', rest = first): string[] =>
  text.split('\n').flatMap((line, i) => wrapLine(line, i === 0 ? first : rest, rest));

function factLines(rows: { label: string; value: string }[]): string[] {
  const column = Math.min(MAX_LABEL_COLUMN, Math.max(0, ...rows.map((row) => widthOf(`${row.label}:`))) + 1);
  const hanging = ' '.repeat(column);
  return rows.flatMap((row) => {
    const label = `${row.label}:`;
    const first = widthOf(label) < column ? padTo(label, column) : `${label} `;
    return wrapText(row.value, first, hanging);
  });
}

const blockLines = (block: MailBlock): string[] => {
  switch (block.type) {
    case 'paragraph':
      return wrapText(block.text);
    case 'words':
      return [...wrapText(`${block.by}:`), ...wrapText(block.text, QUOTE_INDENT)];
    case 'list':
      return block.items.flatMap((item) => wrapText(item, '- ', '  '));
    case 'facts':
      return factLines(block.rows);
    case 'action':
      return [...wrapText(`${block.label}:`), block.url];
  }
};

export function mailText(letter: MailLetter): string {
  const parts = [wrapText(letter.greeting), ...letter.blocks.map(blockLines)]
    .map((lines) => lines.join('\n'))
    .filter((part) => part !== '');
  return [...parts, `-- \n${letter.signature.join('\n')}`].join('\n\n');
}
