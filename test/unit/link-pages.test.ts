// The pages a customer sees behind a mail's link: one structure for all of them (the desk's name,
// one h1, the page, how to reach the desk), the answers as plain form buttons, and on each page
// what happens after the customer's answer, in Dutch and English.
import { decisionPage, donePage, refusalPage, type RefusalKind } from '../../functions/links/link-views';
import type { LinkAction } from '../../workflows/links/link-token';
import { ticketDriver } from '../support/ticket-driver';

const t = ticketDriver();
const urls = { yes: 'https://desk.example/v1/links/yes', no: 'https://desk.example/v1/links/no' };
const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, 'g'))?.length ?? 0;
const mainOf = (html: string) => /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
const footerOf = (html: string) => /<footer>([\s\S]*)<\/footer>/.exec(html)?.[1] ?? '';

const quote = {
  version: 1,
  lines: [{ kind: 'hardware' as const, description: 'VPN appliance', quantity: 1, unitCents: 89900 }],
  totalCents: 89900,
  submittedAt: 0,
};
const context = { ...t.context, quote, resolution: 'Tunnel hersteld' };

const every = {
  'the quote page': decisionPage('nl', 'approve_quote', context, urls, t.policy),
  'the consent page': decisionPage('en', 'consent_onsite', context, urls, t.policy),
  'the resolution page': decisionPage('nl', 'confirm_resolution', context, urls, t.policy),
  'the done page': donePage('en', 'reopen', context.id, t.now, false, t.policy),
  'the used page': donePage('nl', 'approve_quote', context.id, t.now, true, t.policy),
  'the expired page': refusalPage('en', 'expired', t.policy),
};

describe('the pages behind a customer link', () => {
  it.each(Object.entries(every))(
    '%s has one h1 in main, the desk as banner and contact as footer, and no script',
    (_name, html) => {
      expect(count(html, /<h1[ >]/)).toBe(1);
      expect(mainOf(html)).toMatch(/^<h1>/);
      expect(html).toMatch(/<body><header><p>Servicedesk<\/p><\/header><main>/);
      expect(html).toMatch(/<\/main><footer>/);
      expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);
      expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1"/>');
    },
  );

  it.each(Object.entries(every))('%s says how to reach the desk: its phone, its mail address', (_name, html) => {
    const footer = footerOf(html);
    expect(footer).toContain('Servicedesk');
    expect(footer).toContain('<a href="tel:+31201234567">+31 20 123 4567</a>');
    expect(footer).toContain('<a href="mailto:servicedesk@desk.example.com">servicedesk@desk.example.com</a>');
  });

  it("names the ticket's reference in the footer where the page knows the ticket, and leaves out a phone the policy lacks", () => {
    const noPhone = { ...t.policy, desk: { name: 'Helpdesk Zuid' } };

    const page = decisionPage('nl', 'approve_quote', context, urls, noPhone);

    expect(footerOf(page)).toContain(`Vermeld uw referentie: <strong>${context.id}</strong>`);
    expect(footerOf(page)).toContain('Neem contact op met Helpdesk Zuid.');
    expect(footerOf(page)).not.toContain('tel:');
    expect(page).toContain('<header><p>Helpdesk Zuid</p></header>');
  });

  it('offers both answers as POST forms whose buttons carry their words, grouped under the question as a heading', () => {
    const html = decisionPage('nl', 'approve_quote', context, urls, t.policy);

    expect(html).toContain('<h2 id="question">Gaat u akkoord met deze offerte?</h2>');
    expect(html).toContain(
      `<div class="actions" role="group" aria-labelledby="question"><form method="post" action="${urls.yes}"><button type="submit">Akkoord</button></form><form method="post" action="${urls.no}"><button type="submit">Afwijzen</button></form></div>`,
    );
    expect(count(html, /<form /)).toBe(2);
  });

  it.each<[LinkAction, 'nl' | 'en', string[]]>([
    [
      'approve_quote',
      'nl',
      [
        'Akkoord</strong>: Wij plannen de uitvoering en laten u per mail weten wanneer wij beginnen.',
        'Afwijzen</strong>: Wij voeren de wijziging niet uit.',
      ],
    ],
    [
      'approve_quote',
      'en',
      ['Approve</strong>: We plan the work', 'Decline</strong>: We do not carry out the change.'],
    ],
    [
      'consent_onsite',
      'nl',
      [
        'Akkoord, kom langs</strong>: Wij plannen het bezoek en mailen u de datum en tijd.',
        'Liever niet</strong>: Er komt niemand langs.',
      ],
    ],
    ['decline_onsite', 'en', ['Yes, please visit</strong>: We plan the visit and mail you the date and time.']],
    [
      'confirm_resolution',
      'nl',
      [
        'Ja, opgelost</strong>: De melding wordt gesloten',
        'Nee, heropen de melding</strong>: Een medewerker pakt de melding weer op',
      ],
    ],
    [
      'confirm_change',
      'en',
      ['Yes, it is solved</strong>: The request is closed', 'An agent picks the request up again'],
    ],
  ])('the %s page in %s says what each answer leads to', (action, language, says) => {
    const html = decisionPage(language, action, context, urls, t.policy);
    for (const words of says) expect(html).toContain(words);
  });

  it('the written confirmation shows what was registered and one button that puts it in writing', () => {
    const registered = { ...context, description: 'Een VPN voor kantoor Utrecht' };

    const html = mainOf(decisionPage('nl', 'confirm_in_writing', registered, { yes: urls.yes, no: null }, t.policy));

    expect(html).toContain(registered.subject);
    expect(html).toContain('Een VPN voor kantoor Utrecht');
    expect(count(html, /<button type="submit">/)).toBe(1);
    expect(html).toContain(
      `<form method="post" action="${urls.yes}"><button type="submit">Ja, dit vraag ik schriftelijk aan</button>`,
    );
  });

  it.each<[LinkAction, 'nl' | 'en', string]>([
    ['confirm_in_writing', 'en', 'We prepare a quote and send it to you for approval.'],
    ['approve_quote', 'en', 'We plan the work and let you know by mail when we start.'],
    ['decline_quote', 'nl', 'De melding wordt gesloten; u krijgt een bevestiging per mail.'],
    ['consent_onsite', 'nl', 'Wij plannen het bezoek en mailen u de datum en tijd.'],
    ['decline_onsite', 'en', 'We keep looking for a solution remotely'],
    ['confirm_resolution', 'en', 'The request is closed'],
    ['reopen', 'nl', 'Een medewerker pakt de melding weer op en neemt contact met u op.'],
  ])('after %s the done page in %s says what happens next', (action, language, next) => {
    const html = donePage(language, action, context.id, t.now, false, t.policy);
    expect(mainOf(html)).toContain(
      language === 'nl' ? '<h2>Wat gebeurt er daarna?</h2>' : '<h2>What happens next?</h2>',
    );
    expect(mainOf(html)).toContain(next);
  });

  it('promises nothing about now on a used link: the ticket may have moved on since', () => {
    const html = donePage('nl', 'approve_quote', context.id, t.now, true, t.policy);
    expect(mainOf(html)).toContain('U hoeft niets meer te doen.');
    expect(mainOf(html)).not.toContain('Wij plannen');
  });

  it.each<RefusalKind>(['malformed', 'forbidden', 'expired', 'changed', 'moved-on', 'unknown-ticket'])(
    'the %s page says what the customer can do now, in both languages',
    (kind) => {
      for (const language of ['nl', 'en'] as const) {
        const main = mainOf(refusalPage(language, kind, t.policy));
        expect(main).toMatch(
          language === 'nl'
            ? /gebruik de link uit de (nieuwste )?mail|neem (dan )?contact op/i
            : /use the link|contact the service desk/i,
        );
      }
    },
  );

  it('keeps a hostile subject, description and resolution inert and bidi-isolated', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>\u202Egnp.exe';
    const html = decisionPage(
      'nl',
      'confirm_resolution',
      { ...context, subject: hostile, resolution: hostile },
      urls,
      t.policy,
    );
    expect(html).not.toMatch(/<script|<img|<[^>]*\sonerror=/);
    expect(html).toContain(`<bdi>&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>\u202Egnp.exe</bdi>`);
    expect(html).toContain(`<p dir="auto">&lt;script>alert(1)&lt;/script>`);
  });

  it('lets the quote table scroll in a labelled box the keyboard reaches, never the page', () => {
    const html = decisionPage('nl', 'approve_quote', context, urls, t.policy);
    expect(html).toContain('<div class="scroll" role="region" aria-labelledby="quote-caption" tabindex="0"><table>');
    expect(html).toContain('<caption id="quote-caption">Offerte v1</caption>');
  });
});
