// The HTML part of every mail: one layout (the desk's name and the ticket's tag on top, the letter,
// the desk's phone below), made for mail clients, and never a channel for what a ticket carries.
import { mailHtml, type MailContent } from '../../functions/outbox/mail-html';
import type { MailBlock } from '../../workflows/mail/mail-blocks';

const desk = { name: 'Servicedesk Noord', phone: '+31 20 123 4567' };
const url = `https://desk.example.com/v1/links/${'a'.repeat(250)}.${'b'.repeat(43)}`;

const mail = (blocks: MailBlock[], language: 'nl' | 'en' = 'nl'): MailContent => ({
  ticketId: 'INC-2026-000042',
  language,
  text: 'the plain-text part, unused when there is a letter',
  letter: { greeting: 'Beste Jan,', blocks, signature: ['Met vriendelijke groet,', 'Servicedesk Noord'] },
});

/** The text a reader sees: tags dropped, the few entities Preact writes decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the HTML part of a mail', () => {
  it("heads every mail with the desk's name and the ticket's tag, in the message's language", () => {
    const html = mailHtml(mail([], 'en'), desk);

    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toMatch(/<span[^>]*>Servicedesk Noord<\/span> <span[^>]*>\[INC-2026-000042\]<\/span>/);
    expect(html).toContain('<title>Servicedesk Noord [INC-2026-000042]</title>');
  });

  it('says the greeting, the blocks in order and the signature with its line breaks', () => {
    const html = mailHtml(
      mail([
        { type: 'paragraph', text: 'De leverancier heeft gereageerd.' },
        { type: 'list', items: ['Kabel: 1 × € 1,00', 'Arbeid: 2 × € 85,00'] },
      ]),
      desk,
    );

    expect(visibleText(html)).toContain(
      'Beste Jan, De leverancier heeft gereageerd. Kabel: 1 × € 1,00 Arbeid: 2 × € 85,00 Met vriendelijke groet, Servicedesk Noord',
    );
    expect(html).toMatch(/>Met vriendelijke groet,<br\/>Servicedesk Noord<\/p>/);
    expect(html.match(/<li /g)).toHaveLength(2);
  });

  it("sets a person's words apart under who wrote them, their line breaks kept, each line isolated", () => {
    const html = mailHtml(
      mail([{ type: 'words', by: 'Piet de Vries', text: 'Goedemorgen,\n\nDe lijn is hersteld.' }]),
      desk,
    );

    expect(html).toMatch(/border-left:4px solid[^"]*"><p[^>]*><bdi>Piet de Vries<\/bdi>:<\/p>/);
    expect(html).toContain(
      '<p dir="auto" style="margin:0;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#1f2937;"><bdi>Goedemorgen,</bdi><br/><bdi></bdi><br/><bdi>De lijn is hersteld.</bdi></p>',
    );
  });

  it('lays facts out as a table of labelled rows, each value isolated', () => {
    const html = mailHtml(
      mail([
        {
          type: 'facts',
          rows: [
            { label: 'Onderwerp', value: 'Printer' },
            { label: 'Locatie', value: 'Stationsplein 1\n3511 ED Utrecht' },
          ],
        },
      ]),
      desk,
    );

    expect(html).toMatch(
      /<th scope="row"[^>]*>Onderwerp<\/th><td valign="top" dir="auto"[^>]*><bdi>Printer<\/bdi><\/td>/,
    );
    expect(html).toMatch(/>Locatie<\/th><td[^>]*><bdi>Stationsplein 1<\/bdi><br\/><bdi>3511 ED Utrecht<\/bdi><\/td>/);
  });

  it('makes an action a prominent link, with the URL under it set to break anywhere', () => {
    const html = mailHtml(mail([{ type: 'action', label: 'Bekijken en akkoord geven', url }]), desk);

    expect(html).toMatch(
      new RegExp(
        `<td style="background:#1f3a5f;[^"]*"><a href="${url}" style="display:inline-block;[^"]*">Bekijken en akkoord geven</a></td>`,
      ),
    );
    expect(html).toMatch(new RegExp(`<td style="[^"]*word-break:break-all;[^"]*"><a href="${url}"[^>]*>${url}</a>`));
  });

  it("ends with the desk's phone as a tel: link, and without that footer when the policy has no phone", () => {
    const withPhone = mailHtml(mail([]), desk);
    const without = mailHtml(mail([]), { name: 'Servicedesk Noord' });

    expect(withPhone).toMatch(/Servicedesk Noord · Telefoon <a href="tel:\+31201234567"[^>]*>\+31 20 123 4567<\/a>/);
    expect(without).not.toContain('tel:');
    expect(without).not.toContain('Telefoon');
  });

  it('is made for mail clients: inline styles only, nothing to fetch, no script, at most 600px wide and fluid below', () => {
    const html = mailHtml(mail([{ type: 'action', label: 'Akkoord', url }]), desk);

    expect(html).not.toMatch(/<(style|script|link|img|iframe|object|form)\b/);
    expect(html).not.toMatch(/\ssrc=|url\(|@import/);
    expect(html).toContain('max-width:600px;width:100%;');
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1"/>');
  });

  it('escapes hostile text from a ticket and keeps bidi overrides inside their isolate', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & \u202Egnp.exe';
    const html = mailHtml(
      mail([
        { type: 'paragraph', text: `Onderwerp: ${hostile}` },
        { type: 'words', by: `Piet ${hostile}`, text: hostile },
        { type: 'facts', rows: [{ label: 'Onderwerp', value: hostile }] },
        { type: 'list', items: [hostile] },
      ]),
      desk,
    );

    expect(html).not.toMatch(/<(script|img)\b|<[^>]*\sonerror=/);
    expect(html.match(/&lt;script>alert\(1\)&lt;\/script>&lt;img src=x onerror=alert\(2\)>/g)).toHaveLength(5);
    const overrides = [...html.matchAll(/<bdi>[^<]*\u202E[^<]*<\/bdi>|<p style="[^"]*">Onderwerp: [^<]*\u202E/g)];
    expect(overrides).toHaveLength(5);
  });

  describe('for a message stored before mails had letters', () => {
    const stored = {
      ticketId: 'INC-2026-000042',
      language: 'nl' as const,
      text: 'Voordat wij beginnen vragen wij uw akkoord op de kosten:\nBekijken en akkoord geven of afwijzen: https://desk.example/v1/links/a.b\n\nMet vriendelijke groet,\nServicedesk',
    };

    it('renders its text in the same layout: a paragraph per line, links clickable, the closing with its line break', () => {
      const html = mailHtml(stored, desk);

      expect(html).toContain('[INC-2026-000042]</span>');
      expect(html).toMatch(/<p style="[^"]*">Voordat wij beginnen vragen wij uw akkoord op de kosten:<\/p>/);
      expect(html).toMatch(
        /<p style="[^"]*">Bekijken en akkoord geven of afwijzen: <a href="https:\/\/desk.example\/v1\/links\/a.b">https:\/\/desk.example\/v1\/links\/a.b<\/a><\/p>/,
      );
      expect(html).toMatch(/<p style="[^"]*">Met vriendelijke groet,<br\/>Servicedesk<\/p>/);
    });

    it('renders a text with a `-- ` delimiter as paragraphs, the signature after the delimiter', () => {
      const html = mailHtml(
        { ...stored, text: 'Beste Jan,\n\nUw melding is ontvangen.\nTot snel.\n\n-- \nGroet,\nServicedesk' },
        desk,
      );

      expect(html).toMatch(
        /<p style="[^"]*">Beste Jan,<\/p><p style="[^"]*">Uw melding is ontvangen.<br\/>Tot snel.<\/p>/,
      );
      expect(html).toMatch(/<p style="[^"]*">Groet,<br\/>Servicedesk<\/p>/);
      expect(html).not.toContain('-- ');
    });

    it('escapes its text like a letter', () => {
      const html = mailHtml({ ...stored, text: 'Onderwerp: <script>alert(1)</script>\n\nGroet' }, desk);
      expect(html).not.toContain('<script>');
      expect(html).toContain('Onderwerp: &lt;script>alert(1)&lt;/script>');
    });
  });
});
