// The plain-text part of a desk mail, from its blocks: paragraphs apart, a person's words set off
// as a quote under who wrote them, links on a line of their own (clients wrap long lines, never
// a URL), and the signature after the standard `-- ` delimiter, which reply parsers cut at.
import type { MailBlock, MailLetter } from './mail-blocks';

const blockText = (block: MailBlock): string => {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'words':
      return [`${block.by}:`, ...block.text.split('\n').map((line) => (line ? `  ${line}` : ''))].join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'facts':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'action':
      return `${block.label}:\n${block.url}`;
  }
};

export function mailText(letter: MailLetter): string {
  return [letter.greeting, ...letter.blocks.map(blockText), `-- \n${letter.signature.join('\n')}`].join('\n\n');
}
