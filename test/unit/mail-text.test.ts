// The plain-text part as a plain-text client shows it: wrapped at 72 columns, never inside a word
// or a URL, quotes and facts laid out, the signature after its delimiter.
import type { MailBlock, MailLetter } from '../../workflows/mail/mail-blocks';
import { mailText, TEXT_WIDTH } from '../../workflows/mail/mail-text';

const letter = (...blocks: MailBlock[]): MailLetter => ({
  greeting: 'Beste Jan,',
  blocks,
  signature: ['Met vriendelijke groet,', 'Servicedesk', '+31 20 123 4567'],
});

/** The lines between the greeting (and its blank line) and the blank line, delimiter and three signature lines. */
const bodyLines = (text: string) => text.split('\n').slice(2, -5);

const longParagraph =
  'Wij hebben uw melding over de printer op de tweede verdieping ontvangen en zoeken uit wat er aan de hand is; ' +
  'zodra wij meer weten, hoort u van ons, uiterlijk morgen aan het einde van de middag.';
const longUrl = `https://desk.example.com/v1/links/${'a'.repeat(200)}.${'b'.repeat(43)}`;

describe('the plain-text part of a mail', () => {
  it('wraps a paragraph at 72 columns on word boundaries, keeping every word whole', () => {
    const text = mailText(letter({ type: 'paragraph', text: longParagraph }));

    const lines = bodyLines(text);

    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(lines.join(' ')).toBe(longParagraph);
  });

  it('keeps the line breaks a paragraph has, and short lines as they are', () => {
    const text = mailText(letter({ type: 'paragraph', text: 'Eerste regel.\nTweede   regel.' }));
    expect(bodyLines(text)).toEqual(['Eerste regel.', 'Tweede   regel.']);
  });

  it('puts a URL on a line of its own and never breaks it, however long', () => {
    const text = mailText(letter({ type: 'paragraph', text: `Zie ${longUrl} voor de details.` }));
    expect(bodyLines(text)).toEqual(['Zie', longUrl, 'voor de details.']);
  });

  it('lets a word longer than a line stand alone rather than break it', () => {
    const word = 'x'.repeat(90);
    const text = mailText(letter({ type: 'paragraph', text: `Het serienummer ${word} staat op de doos.` }));
    expect(bodyLines(text)).toEqual(['Het serienummer', word, 'staat op de doos.']);
  });

  it('sets a person’s words off under who wrote them, indented and wrapped, their line breaks kept', () => {
    const words = `Goedemorgen,\n\n${longParagraph}\nGroet, Piet`;
    const text = mailText(letter({ type: 'words', by: 'Piet de Vries', text: words }));

    const lines = bodyLines(text);

    expect(lines[0]).toBe('Piet de Vries:');
    expect(lines.slice(1, 3)).toEqual(['  Goedemorgen,', '']);
    expect(lines.at(-1)).toBe('  Groet, Piet');
    for (const line of lines.slice(3)) {
      expect(line).toMatch(/^ {2}\S/);
      expect([...line].length).toBeLessThanOrEqual(TEXT_WIDTH);
    }
    expect(
      lines
        .slice(3, -1)
        .map((line) => line.trim())
        .join(' '),
    ).toBe(longParagraph);
  });

  it('aligns facts in a column after the longest label, wrapping a long value under itself', () => {
    const text = mailText(
      letter({
        type: 'facts',
        rows: [
          { label: 'Onderwerp', value: 'Printer' },
          { label: 'Locatie', value: 'Stationsplein 1\n3511 ED Utrecht' },
          { label: 'Omschrijving', value: longParagraph },
        ],
      }),
    );

    const lines = bodyLines(text);

    expect(lines.slice(0, 3)).toEqual([
      'Onderwerp:    Printer',
      'Locatie:      Stationsplein 1',
      '              3511 ED Utrecht',
    ]);
    expect(lines[3]).toMatch(/^Omschrijving: Wij hebben/);
    for (const line of lines.slice(4)) expect(line).toMatch(/^ {14}\S/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(TEXT_WIDTH);
  });

  it('lets a very long label be followed by its value rather than push every value right', () => {
    const label = 'Referentie van de leverancier bij de storing';
    const text = mailText(
      letter({
        type: 'facts',
        rows: [
          { label: 'Klant', value: 'Acme BV' },
          { label, value: '2026113010000123' },
        ],
      }),
    );
    expect(bodyLines(text)).toEqual([`Klant:${' '.repeat(18)}Acme BV`, `${label}: 2026113010000123`]);
  });

  it('writes a list as dashes, a wrapped item hanging under its first word', () => {
    const text = mailText(letter({ type: 'list', items: ['Kabel: 1 × € 1,00', longParagraph] }));

    const lines = bodyLines(text);

    expect(lines[0]).toBe('- Kabel: 1 × € 1,00');
    expect(lines[1]).toMatch(/^- Wij hebben/);
    for (const line of lines.slice(2)) expect(line).toMatch(/^ {2}\S/);
  });

  it('gives an action its label, then the URL alone on the next line', () => {
    const text = mailText(letter({ type: 'action', label: 'Bekijken en akkoord geven', url: longUrl }));
    expect(bodyLines(text)).toEqual(['Bekijken en akkoord geven:', longUrl]);
  });

  it('opens with the greeting, keeps blocks a blank line apart, and signs after the `-- ` delimiter', () => {
    const text = mailText(
      letter({ type: 'paragraph', text: 'Uw melding is ontvangen.' }, { type: 'paragraph', text: 'Tot snel.' }),
    );
    expect(text).toBe(
      'Beste Jan,\n\nUw melding is ontvangen.\n\nTot snel.\n\n-- \nMet vriendelijke groet,\nServicedesk\n+31 20 123 4567',
    );
  });

  it('leaves no trailing white space but the delimiter’s', () => {
    const text = mailText(
      letter(
        { type: 'words', by: 'Jan', text: 'regel   \n\n  ingesprongen  ' },
        { type: 'paragraph', text: `${longParagraph} ` },
      ),
    );
    const trailing = text.split('\n').filter((line) => line !== '-- ' && /\s$/.test(line));
    expect(trailing).toEqual([]);
  });
});
