import { LIBRARY_MAX_CHARS, splitReply } from '../../workflows/intake/reply-text';
import { parsedMailFixture } from '../support/mail-fixtures';

const values = { TICKET: 'INC-2026-000001', IN_REPLY_TO: 'INC-2026-000001.3.1.abcdefghijkl@desk.example.com' };
const replyIn = async (fixture: string) => splitReply((await parsedMailFixture(`replies/${fixture}`, values)).text);

describe('replies read as conversation: the new text apart from the history and signature', () => {
  it.each([
    [
      'outlook-nl.eml',
      'Outlook (nl), its Van:/Verzonden:/Aan:/Onderwerp: block without a rule above it',
      'Hallo,\n\nHet serienummer is CN-4521-XZ. Het staat op de sticker aan de achterkant.\n\n' +
        'Met vriendelijke groet,\nJan de Vries\nAcme BV | Stationsplein 1, Utrecht',
    ],
    [
      'outlook-en.eml',
      'Outlook (en), its From:/Sent:/To:/Cc:/Subject: block (the library takes "Kind regards" for a signature)',
      'Hi,\n\nIt is the Cisco client, version 5.1.2. It drops on Wi-Fi and on the cable.',
    ],
    [
      'outlook-original-nl.eml',
      'Outlook in plain text (nl), below "-----Oorspronkelijk bericht-----"',
      'Het serienummer is CN-4521-XZ. De foutmelding staat er nog steeds.\n\nGroet,\nJan',
    ],
    [
      'outlook-original-en.eml',
      'Outlook in plain text (en), below "-----Original Message-----"',
      'Cisco client 5.1.2, on Windows 11.',
    ],
    [
      'outlook-html-nl.eml',
      'Outlook on the web, HTML only (nl): a rule, then the Van: block',
      'Het serienummer is CN-4521-XZ.\n\nGroet, Jan',
    ],
    [
      'outlook-html-en.eml',
      'Outlook, HTML only (en): the From: block',
      'Cisco client 5.1.2. It also drops at home.\n\nAlice',
    ],
    ['gmail-nl.eml', 'Gmail (nl), "Op … schreef …:" on one line', 'Het serienummer is CN-4521-XZ.'],
    ['gmail-nl-wrapped.eml', 'Gmail (nl), the attribution wrapped over two lines', 'Het serienummer is CN-4521-XZ.'],
    ['gmail-en.eml', 'Gmail (en), "On … wrote:" on one line', 'It is the Cisco client, version 5.1.2.'],
    [
      'gmail-en-wrapped.eml',
      'Gmail (en), the attribution wrapped over two lines',
      'Version 5.1.2 of the Cisco client.',
    ],
    [
      'apple-nl.eml',
      'Apple Mail (nl), "… het volgende geschreven:" inside the quote',
      'Het serienummer is CN-4521-XZ, ik heb het even voor Jan opgezocht.\n\nGroet,\nPiet',
    ],
    [
      'apple-en.eml',
      'Apple Mail on an iPhone (en), "On …, at …, X wrote:" and "Sent from my iPhone"',
      'Cisco client 5.1.2',
    ],
    [
      'html-blockquote-nl.eml',
      "a webmail's HTML-only reply, its history in a blockquote",
      'Het serienummer is CN-4521-XZ.\n\nGroet,\nJan',
    ],
    ['quoted.eml', 'plain `>` quoting, nested', 'CN-4521-XZ, op de achterkant.'],
    ['signature.eml', 'a "-- " signature', 'The VPN client is Cisco 5.1.2; it drops every ten minutes.'],
  ])('reads %s: %s', async (fixture, _style, expected) => {
    const split = await replyIn(fixture);

    expect(split.text).toBe(expected);
    expect(split.quoted).not.toBe('');
  });

  it("keeps the desk's own words in what it cut", async () => {
    const split = await replyIn('outlook-nl.eml');

    expect(split.quoted).toContain('Wat is het serienummer van de printer?');
    expect(split.text).not.toContain('Servicedesk');
  });

  it('keeps the whole text of a mail that is all quote', async () => {
    const facts = await parsedMailFixture('replies/all-quote.eml', values);

    const split = splitReply(facts.text);

    expect(split).toEqual({ text: facts.text, quoted: '' });
    expect(split.text).toContain('De scanner op de 1e verdieping doet niets meer.');
  });

  it('leaves a mail without history as it was, but for blank lines and trailing spaces', () => {
    expect(splitReply('Goedemorgen,\n\n\n\nDe printer doet het weer.  \n\nGroet,\nJan\n')).toEqual({
      text: 'Goedemorgen,\n\nDe printer doet het weer.\n\nGroet,\nJan',
      quoted: '',
    });
  });

  it('keeps answers written between quoted lines with the questions they answer', () => {
    const split = splitReply(
      [
        '> Which client?',
        'Cisco 5.1.2.',
        '',
        '> Since when?',
        'Since Monday.',
        '',
        '> Kind regards,',
        '> Servicedesk',
      ].join('\n'),
    );

    expect(split.text).toBe('> Which client?\nCisco 5.1.2.\n\n> Since when?\nSince Monday.');
    expect(split.quoted).toBe('> Kind regards,\n> Servicedesk');
  });

  it.each([
    'Hallo,\n\nOp maandag werkte de printer nog.\nIk schreef het al:\n- E-302\n- E-303\n\nGroet,\nJan',
    'Hallo,\n\nOp 12 november werkte de printer nog, ik schreef:\n- E-302',
    'Hi,\n\nOn Monday the printer broke and\nsomeone wrote\n\nthat it was the toner.',
  ])('does not take sentences that start with "On" or "Op" for an attribution: %j', (text) => {
    expect(splitReply(text)).toEqual({ text, quoted: '' });
  });

  it('never hands the library more than it reads in good time: a crafted long text stays as it was', () => {
    // Its multi-line patterns take minutes on this; the rules here read it line by line.
    const crafted = 'abc. skrev x\n'.repeat(8000).trim();

    expect(splitReply(crafted)).toEqual({ text: crafted, quoted: '' });
  });

  it('cuts a reply longer than the library reads by its own rules', () => {
    const long = `${'De printer geeft foutmelding E-302 bij elke taak.\n'.repeat(Math.ceil(LIBRARY_MAX_CHARS / 40))}`;
    const text = `${long}\nVan: Servicedesk <servicedesk@desk.example.com>\nVerzonden: maandag 30 november 2026 10:00\nAan: Jan\nOnderwerp: Printer\n\nWat is het serienummer?`;

    const split = splitReply(text);

    expect(split.text).toBe(long.trim());
    expect(split.quoted).toContain('Wat is het serienummer?');
  });
});
