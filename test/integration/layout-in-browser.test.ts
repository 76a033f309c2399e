// Mails and link pages as Chromium lays them out: at a phone's 320px and a desktop's 1024px, a
// 300-character link and a subject without a single space never make the page scroll sideways;
// and a customer reaches and presses the link page's answers from the keyboard alone. The pages
// are served (through Playwright's routing, no network) under the link pages' real headers.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { mailHtml } from '../../functions/outbox/mail-html';
import { decisionPage, donePage, linkPageHeaders, refusalPage } from '../../functions/links/link-views';
import { renderNotification } from '../../workflows/mail/notification-templates';
import { ticketDriver } from '../support/ticket-driver';

const t = ticketDriver({ kind: 'change' });
const base = 'https://desk.example.com/v1/links/';
const longUrl = `${base}${'a'.repeat(222)}.${'b'.repeat(43)}`;
const subject = `Printer${'x'.repeat(150)}`;
const context = {
  ...t.context,
  subject,
  resolution: `Opgelost: ${'y'.repeat(200)}`,
  quote: {
    version: 1,
    lines: [
      { kind: 'hardware' as const, description: `VPN appliance ${'z'.repeat(120)}`, quantity: 1, unitCents: 89900 },
      { kind: 'labour' as const, description: 'Configuration', quantity: 3, unitCents: 8500 },
    ],
    totalCents: 115400,
    submittedAt: 0,
  },
};
const urls = { yes: longUrl, no: `${base}${'c'.repeat(222)}.${'d'.repeat(43)}` };

const letterMail = mailHtml(
  {
    ticketId: context.id,
    language: 'nl',
    text: '',
    letter: {
      greeting: 'Beste Jan,',
      blocks: [
        { type: 'paragraph', text: `Uw melding ${subject} is opgelost.` },
        { type: 'words', by: 'Piet de Vries', text: `Wat er is gedaan:\n${subject}` },
        {
          type: 'facts',
          rows: [
            { label: 'Onderwerp', value: subject },
            { label: 'Referentie', value: context.id },
          ],
        },
        { type: 'list', items: [subject] },
        { type: 'action', label: 'Bevestigen of heropenen', url: longUrl },
      ],
      signature: ['Met vriendelijke groet,', 'Servicedesk'],
    },
  },
  t.policy.desk,
);
const storedMail = (() => {
  const message = renderNotification(
    { template: 'quoteForApproval', to: 'requester' },
    context,
    t.policy,
    () => longUrl,
  );
  return mailHtml({ ...message, ticketId: context.id }, t.policy.desk);
})();

const pages: Record<string, string> = {
  'a mail from its letter': letterMail,
  'a mail stored before letters': storedMail,
  'the quote page': decisionPage('nl', 'approve_quote', context, urls, t.policy),
  'the consent page': decisionPage('en', 'consent_onsite', context, urls, t.policy),
  'the resolution page': decisionPage('nl', 'confirm_resolution', context, urls, t.policy),
  'the done page': donePage('nl', 'approve_quote', context.id, t.now, false, t.policy),
  'the expired page': refusalPage('en', 'expired', t.policy),
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** A page at `width` that answers `url` with `html` under the link pages' headers, and records what the browser sends. */
async function open(html: string, width: number) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const sent: { method: string; url: string }[] = [];
  await page.route(`${base}**`, async (route) => {
    const request = route.request();
    sent.push({ method: request.method(), url: request.url() });
    const body =
      request.method() === 'POST' ? donePage('nl', 'decline_quote', context.id, t.now, false, t.policy) : html;
    await route.fulfill({ status: 200, headers: linkPageHeaders, body });
  });
  await page.goto(`${base}page`);
  return { page, sent };
}

const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

describe('mails and link pages in a browser', () => {
  const cases = Object.keys(pages).flatMap((name) => [320, 1024].map((width) => [name, width] as const));

  it.each(cases)(
    '%s at %ipx does not scroll sideways (a 300-character link, a subject without spaces)',
    async (name, width) => {
      const { page } = await open(pages[name]!, width);

      const { scrollWidth, innerWidth } = await overflow(page);

      expect(innerWidth).toBe(width);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.close();
    },
  );

  it('keeps a mail within 600px on a wide screen, its link wrapped inside it', async () => {
    const { page } = await open(letterMail, 1024);

    const card = await page.locator('table[role="presentation"] table[role="presentation"]').first().boundingBox();
    const link = await page.getByRole('link', { name: longUrl }).boundingBox();

    expect(longUrl).toHaveLength(300);
    expect(await page.locator('body').textContent()).toContain(subject);
    expect(card!.width).toBeLessThanOrEqual(602);
    expect(link!.x + link!.width).toBeLessThanOrEqual(card!.x + card!.width);
    await page.close();
  });

  it('lets a customer reach both answers with Tab, see where focus is, and answer with Enter', async () => {
    const { page, sent } = await open(pages['the quote page']!, 320);
    const approve = page.getByRole('button', { name: 'Akkoord', exact: true });
    const decline = page.getByRole('button', { name: 'Afwijzen', exact: true });
    const focused = (button: typeof approve) => button.evaluate((el) => el === document.activeElement);

    let presses = 0;
    while (!(await focused(approve)) && presses++ < 10) await page.keyboard.press('Tab');
    const ring = await approve.evaluate(
      (el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth,
    );
    await page.keyboard.press('Tab');
    const declineFocused = await focused(decline);
    const grouped = await page
      .getByRole('group', { name: 'Gaat u akkoord met deze offerte?' })
      .getByRole('button')
      .count();
    await Promise.all([page.waitForURL(urls.no), page.keyboard.press('Enter')]);

    expect(presses).toBeLessThan(10);
    expect(ring).toBe('solid 3px');
    expect(declineFocused).toBe(true);
    expect(grouped).toBe(2);
    expect(sent.at(-1)).toEqual({ method: 'POST', url: urls.no });
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
    await page.close();
  });

  it('gives the link page one h1 and its landmarks, and a quote table the keyboard can scroll', async () => {
    const { page } = await open(pages['the quote page']!, 320);

    expect(await page.getByRole('main').textContent()).toContain(subject);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.getByRole('banner').textContent()).toBe('Servicedesk');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').getByRole('link', { name: '+31 20 123 4567' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Offerte v1' }).getAttribute('tabindex')).toBe('0');
    await page.close();
  });
});
