import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { manualClock } from '../../functions/clock';
import type { LocalDesk } from '../../local/desk-runtime';
import { startTestDesk } from '../support/test-desk';
import { amsterdam } from '../support/ticket-driver';
import { call, eventually } from '../support/http';
import { commentFromMail } from '../support/mail-born';
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay';

// Tuesday 24 November 2026, 09:00 in Amsterdam: business hours, so timers land where a person expects.
const clock = manualClock(amsterdam('2026-11-24 09:00'));
const token = `console-${randomUUID()}`;
const jan = { email: 'jan@acme.example.nl', name: 'Jan de Vries' };
let desk: LocalDesk;
let browser: Browser;
let relay: SmtpRelay;
/** Addresses the desk's SMTP relay refuses for good (550): mailboxes that are gone. */
const gone = new Set<string>();

beforeAll(async () => {
  relay = await startSmtpRelay((recipients) =>
    recipients.some((r) => gone.has(r)) ? { code: 550, message: '5.1.1 user unknown' } : null,
  );
  desk = await startTestDesk('console', {
    clock,
    agentToken: token,
    mailSmtpUrl: relay.url,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  await relay?.close();
});

const api = (path: string, body?: unknown) => call(`${desk.url}${path}`, { token, body });

async function incident(subject: string, priority?: string): Promise<string> {
  const { status, json } = await api('/v1/tickets', {
    kind: 'incident',
    subject,
    requester: jan,
    customerId: 'acme',
    ...(priority ? { priority } : {}),
  });
  expect(status).toBe(201);
  return json.id as string;
}

/** A fresh browser session, signed in through the form as an agent would. */
async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${desk.url}/console`);
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  await page.getByLabel('Agent token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${desk.url}/console`);
  return { context, page };
}

/** Fills and submits the form of one event on the ticket page; returns the flash that follows. */
async function act(
  page: Page,
  type: string,
  fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {},
): Promise<string> {
  const form = page.locator(`form#form-${type}`);
  await fill(form);
  await Promise.all([page.waitForEvent('load'), form.locator('button[type=submit]').click()]);
  return (await page.locator('#flash').textContent()) ?? '';
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function csvRows(csv: string): string[][] {
  const rows: string[][] = [[]];
  const cell = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/y;
  while (cell.lastIndex < csv.length) {
    const [, value = '', end] = cell.exec(csv)!;
    rows.at(-1)!.push(value.startsWith('"') ? value.slice(1, -1).replace(/""/g, '"') : value);
    if (end === '\r\n' && cell.lastIndex < csv.length) rows.push([]);
  }
  return rows;
}

describe('the agent console', () => {
  it('sends a browser without a session to sign-in, and refuses a wrong token', async () => {
    const response = await fetch(`${desk.url}/console?kind=incident`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%3Fkind%3Dincident');

    const page = await browser.newPage();
    await page.goto(`${desk.url}/console/tickets/INC-2026-000001`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Agent token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That is not the agent token.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.close();
  });

  it('works an incident from the queue: classify, forward to a vendor, follow-up timer, vendor reply, resolve', async () => {
    await incident('Printer toner low', 'P4');
    const id = await incident('Internet down at HQ', 'P2');
    const { context, page } = await signedIn();

    // The new P2 is due before the older P4: it heads the "New" group.
    const first = page.locator('section[data-group="new"] tbody tr').first();
    expect(await first.getAttribute('data-ticket')).toBe(id);
    expect(await first.textContent()).toContain('Response: 1 h 00 min left');
    await first.getByRole('link', { name: id }).click();
    await page.getByRole('heading', { name: id }).waitFor();

    expect(
      await act(page, 'CLASSIFY', async (form) => {
        await form.getByLabel('Priority').selectOption('P2');
        await form.getByLabel('Category').fill('network');
        await form.getByLabel('Yes').check();
      }),
    ).toBe('Classify applied: the ticket is now Remote diagnosis.');

    expect(
      await act(page, 'FORWARD_TO_VENDOR', async (form) => {
        await form.getByLabel('Vendor').selectOption('connectivity');
        await form.getByLabel('Note').fill('Fibre down since 08:00');
      }),
    ).toBe('Forward to a vendor applied: the ticket is now With third party › Following up the vendor.');
    // Followed up every 4 business hours: 13:00 the same day.
    const followUp = page.locator('tr[data-timer="vendorFollowUp"]');
    expect(await followUp.textContent()).toContain('Tue 24 Nov 2026 13:00 CET');
    expect(await page.locator('li[data-event="FORWARD_TO_VENDOR"]').textContent()).toContain(
      'Mail to the vendor <support@isp.example.net>: “',
    );

    // Desk time passes the follow-up: the poller fires it, and the timeline shows the reminder mail.
    clock.advance(4 * 3600_000);
    await eventually(async () => {
      await page.reload();
      // count(), not textContent(): the latter would wait out its timeout on a page from before the timer fired.
      const fired = page.locator('li[data-event="timer:vendorFollowUp"]');
      expect(await fired.count()).toBe(1);
      expect(await fired.textContent()).toContain('Timer Reminder sent to the vendor');
      expect(await fired.textContent()).toContain('Mail to the vendor <support@isp.example.net>');
    });
    expect(await page.locator('tr[data-timer="vendorFollowUp"]').textContent()).toContain('Tue 24 Nov 2026 17:00 CET');

    expect(
      await act(page, 'VENDOR_REPLIED', async (form) => {
        await form.getByLabel("Vendor's reference").fill('ISP-4711');
        await form.getByLabel('Message').fill('Fibre repaired at the exchange');
      }),
    ).toBe("Record the vendor's reply applied: the ticket is now Remote diagnosis.");
    expect(await page.locator('dl.facts').textContent()).toContain('ref ISP-4711');

    expect(
      await act(page, 'RESOLVE', (form) =>
        form.getByLabel('What was done').fill('The ISP repaired the fibre; connection verified.'),
      ),
    ).toBe('Resolve applied: the ticket is now Resolved.');
    const { json } = await api(`/v1/tickets/${id}`);
    expect(json.status).toBe('resolved');
    expect(json.vendor).toMatchObject({ id: 'connectivity', ref: 'ISP-4711', reminders: 1 });
    expect(
      json.timeline
        .filter((e: { actor: { type: string } }) => e.actor.type === 'agent')
        .map((e: { type: string }) => e.type),
    ).toEqual(['CREATED', 'CLASSIFY', 'FORWARD_TO_VENDOR', 'VENDOR_REPLIED', 'RESOLVE']);
    // The lifecycle diagram marks where the ticket is now.
    expect(await page.locator('.diagram g[data-current="true"]').getAttribute('data-state')).toBe('resolved');
    await context.close();
  });

  it("shows the ticket's current state and its next transitions in the lifecycle diagram's first screen, without scrolling it", async () => {
    const id = await incident('Printer on the second floor offline');
    const { context, page } = await signedIn();
    await page.setViewportSize({ width: 1600, height: 1000 });
    /** Boxes of the current state and of its next transitions' labels that lie outside what the diagram shows now. */
    const hidden = () =>
      page.evaluate(`(() => {
        const pane = document.querySelector('.diagram');
        const frame = pane.getBoundingClientRect();
        const view = { left: frame.left + pane.clientLeft, top: frame.top + pane.clientTop };
        view.right = view.left + pane.clientWidth;
        view.bottom = view.top + pane.clientHeight;
        const boxes = [['current', document.querySelector('.diagram g.lc-current > rect')]];
        for (const g of document.querySelectorAll('.diagram g.lc-available')) boxes.push([g.dataset.from + ' → ' + g.dataset.to, g.querySelector('rect.lc-label')]);
        const out = boxes.filter(([, el]) => {
          const r = el.getBoundingClientRect();
          return r.left < view.left - 0.5 || r.top < view.top - 0.5 || r.right > view.right + 0.5 || r.bottom > view.bottom + 0.5;
        }).map(([name]) => name);
        return { out, available: boxes.length - 1, current: document.querySelector('.diagram [data-current]').dataset.state };
      })()`);
    await page.goto(`${desk.url}/console/tickets/${id}`);
    // Seven ways on from triage, among them classifying it as a change that awaits writing.
    expect(await hidden()).toEqual({ out: [], available: 7, current: 'triage' });
    await act(page, 'CLASSIFY', async (form) => {
      await form.getByLabel('Category').fill('hardware');
      await form.getByLabel('Yes').check();
    });
    expect(await hidden()).toMatchObject({ out: [], current: 'diagnosing' });
    await act(page, 'PROPOSE_ONSITE', (form) => form.getByLabel('Reason').fill('The printer needs a new fuser'));
    expect(await hidden()).toMatchObject({ out: [], current: 'onSite.awaitingConsent.waiting' });
    await context.close();
  });

  it('records an on-site visit with hours and materials, refusing a bad entry first; the billing CSV carries it', async () => {
    const id = await incident('Switch in the server room dead');
    const { context, page } = await signedIn();
    await page.goto(`${desk.url}/console/tickets/${id}`);
    await act(page, 'CLASSIFY', async (form) => {
      await form.getByLabel('Category').fill('hardware');
      await form.getByLabel('Yes').check();
    });
    await act(page, 'PROPOSE_ONSITE', (form) => form.getByLabel('Reason').fill('The switch has to be replaced'));
    await act(page, 'CONSENT_GIVEN', (form) => form.getByLabel('Note').fill('Agreed by phone with Jan'));
    expect(
      await act(page, 'PLAN_VISIT', async (form) => {
        await form.getByLabel('Planned for').fill('2026-11-25T10:00');
        await form.getByLabel('Technician').fill('Piet Jansen');
      }),
    ).toBe('Plan the visit applied: the ticket is now On-site support › Visit planned.');

    const before = (await api(`/v1/tickets/${id}`)).json.version;
    const fillVisit = (hours: string) => async (form: ReturnType<Page['locator']>) => {
      await form.getByLabel(/^Hours/).fill(hours);
      await form.getByLabel('Description').first().fill('Switch, 8 ports');
      await form.getByLabel('Quantity').first().fill('1');
      await form
        .getByLabel(/^Unit price/)
        .first()
        .fill('49.95');
      await form.getByLabel('Report').fill('Replaced the switch');
    };
    // 2.6 hours is not in quarter hours: the page comes back with the reason, and nothing changed.
    expect(await act(page, 'RECORD_VISIT', fillVisit('2.6'))).toContain(
      'Record hours and materials was not applied: Hours: hours are recorded in quarter hours',
    );
    expect(await page.locator('#form-RECORD_VISIT .field-error').first().textContent()).toBe(
      'hours are recorded in quarter hours',
    );
    expect(await page.locator('#form-RECORD_VISIT [name="materials.0.unitCents"]').inputValue()).toBe('49.95');
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(before);

    expect(await act(page, 'RECORD_VISIT', async (form) => form.getByLabel(/^Hours/).fill('2.5'))).toBe(
      'Record hours and materials applied: the ticket is now On-site support › Visit done.',
    );
    // 2.5 h × € 95,00 + € 49,95 of materials.
    expect(await page.locator('dl.facts').textContent()).toContain('2.5 h · € 287,45');

    const month = '2026-11';
    const response = await fetch(`${desk.url}/v1/billing?month=${month}&customer=acme&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const rows = csvRows(await response.text());
    const header = rows[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    const mine = rows.filter((r) => col(r, 'ticket_id') === id);
    expect(
      mine.map((r) => [
        col(r, 'item'),
        col(r, 'date'),
        col(r, 'technician'),
        col(r, 'quantity'),
        col(r, 'unit_cents'),
        col(r, 'amount_cents'),
        col(r, 'approved_by'),
      ]),
    ).toEqual([
      ['onsite_visit', '2026-11-25', 'Piet Jansen', '2.5', '9500', '23750', 'agent:anna'],
      ['material', '2026-11-25', 'Piet Jansen', '1', '4995', '4995', 'agent:anna'],
    ]);
    expect(
      col(
        rows.find((r) => col(r, 'item') === 'customer_total')!,
        'amount_cents',
      ),
    ).toBe('28745');

    // The same CSV from the console, with the session instead of a bearer token.
    const download = await page.request.get(`${desk.url}/console/billing?month=${month}&customer=acme`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toBe(`attachment; filename="billing-${month}-acme.csv"`);
    expect(csvRows(await download.text())).toEqual(rows);
    await context.close();
  });

  it('refuses a POST without the CSRF token, with a wrong one, or without a session, and changes nothing', async () => {
    const id = await incident('Mail server unreachable');
    const { context, page } = await signedIn();
    await page.goto(`${desk.url}/console/tickets/${id}`);
    const csrf = await page.locator('#form-CANCEL input[name="csrf"]').inputValue();
    const post = (form: Record<string, string>) =>
      page.request.post(`${desk.url}/console/tickets/${id}/events`, { form, maxRedirects: 0 });

    const missing = await post({ type: 'CANCEL', reason: 'forged' });
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toContain('The form carried no CSRF token');
    const wrong = await post({ type: 'CANCEL', reason: 'forged', csrf: `${csrf.slice(0, -2)}xx` });
    expect(wrong.status()).toBe(403);
    expect(await wrong.text()).toContain('does not belong to your session');
    const anonymous = await fetch(`${desk.url}/console/tickets/${id}/events`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ type: 'CANCEL', reason: 'forged', csrf }).toString(),
    });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('You are not signed in');

    const { json } = await api(`/v1/tickets/${id}`);
    expect([json.status, json.version, json.timeline.length]).toEqual(['triage', 1, 1]);

    // With both, an event the ticket does not allow now is refused the same way the API refuses it (409).
    const notNow = await post({ type: 'RESOLVE', summary: 'done', csrf });
    expect(notNow.status()).toBe(409);
    expect(await notNow.text()).toContain('RESOLVE is not allowed while the ticket is triage');
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(1);

    // A GET never acts, whatever it carries.
    expect(
      (
        await page.request.get(`${desk.url}/console/tickets/${id}/events?type=CANCEL&reason=x&csrf=${csrf}`, {
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(405);
    expect((await api(`/v1/tickets/${id}`)).json.version).toBe(1);
    await context.close();
  });

  it('registers a phone call from the queue, refusing a bad entry first; it heads the "New" group and is classified from there', async () => {
    const { context, page } = await signedIn();
    const ticketIds = async () =>
      ((await api('/v1/tickets?limit=200')).json.tickets as { id: string }[]).map((t) => t.id).sort();
    const before = await ticketIds();
    // Collapsed until wanted; the keyboard opens it (a summary is a button), no script involved.
    const register = page.locator('details#register');
    expect(await register.getAttribute('open')).toBeNull();
    await register.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await register.getAttribute('open')).toBe('');
    const form = page.locator('form#form-new');
    const fill = async () => {
      await form.getByLabel('Came in by').selectOption('phone');
      await form.getByLabel(/^Requester's email/).fill('jan@acme');
      await form.getByLabel(/^Requester's name/).fill('Jan de Vries');
      await form.getByLabel(/^Customer/).selectOption('acme');
      await form.getByLabel(/^Kind/).selectOption('incident');
      await form.getByLabel(/^Priority/).selectOption('P1');
      await form.getByLabel('Subject').fill('Server room too hot');
      await form.getByLabel(/^Description/).fill('Air conditioning failed at 08:40; the servers are at 35 °C.');
    };
    // "jan@acme" passes the browser's check but not the desk's: the form comes back with what was typed.
    await fill();
    await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Register' }).click()]);
    expect(await page.locator('#flash').textContent()).toBe(
      "The call was not registered: Requester's email: Invalid email address. Nothing was created.",
    );
    const again = page.locator('form#form-new');
    expect(await again.locator('.field-error').textContent()).toBe('Invalid email address');
    expect(await again.getByLabel('Subject').inputValue()).toBe('Server room too hot');
    expect(await again.getByLabel(/^Priority/).inputValue()).toBe('P1');
    expect(await ticketIds()).toEqual(before);

    await again.getByLabel(/^Requester's email/).fill(jan.email);
    await Promise.all([page.waitForEvent('load'), again.getByRole('button', { name: 'Register' }).click()]);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(id).toMatch(/^INC-2026-\d{6}$/);
    expect(await page.locator('#flash').textContent()).toBe(`Registered ${id}: the ticket is now Triage.`);
    const { json } = await api(`/v1/tickets/${id}`);
    expect(json).toMatchObject({
      status: 'triage',
      priority: 'P1',
      customerId: 'acme',
      subject: 'Server room too hot',
    });
    expect(json.timeline[0]).toMatchObject({
      type: 'CREATED',
      actor: { type: 'agent', id: 'anna' },
      payload: { channel: 'phone', requester: jan },
    });

    // A P1 answers within 30 minutes: the most urgent of the new tickets.
    await page.getByRole('link', { name: 'Queue' }).first().click();
    const first = page.locator('section[data-group="new"] tbody tr').first();
    expect(await first.getAttribute('data-ticket')).toBe(id);
    expect(await first.textContent()).toContain('Response: 30 min left');
    await first.getByRole('link', { name: id }).click();
    expect(
      await act(page, 'CLASSIFY', async (classify) => {
        await classify.getByLabel('Category').fill('facilities');
        await classify.getByLabel('Yes').check();
      }),
    ).toBe('Classify applied: the ticket is now Remote diagnosis.');
    await page.goto(`${desk.url}/console`);
    expect(await page.locator(`section[data-group="in-hand"] tr[data-ticket="${id}"]`).count()).toBe(1);
    expect(await page.locator(`section[data-group="new"] tr[data-ticket="${id}"]`).count()).toBe(0);
    await context.close();
  });

  it('ends the session at sign-out: a copy of its cookie, taken before, no longer opens the console', async () => {
    const { context, page } = await signedIn();
    const copied = (await context.cookies()).filter((c) => c.name === 'desk_session');
    expect(copied).toHaveLength(1);
    // Another browser holding the copied cookie is in the console...
    const other = await browser.newContext();
    await other.addCookies(copied);
    const stolen = await other.newPage();
    await stolen.goto(`${desk.url}/console`);
    expect(new URL(stolen.url()).pathname).toBe('/console');
    const csrf = await stolen.locator('header form[action="/console/sign-out"] input[name="csrf"]').inputValue();

    // ...until the agent signs out in their own browser.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await stolen.goto(`${desk.url}/console`);
    expect(new URL(stolen.url()).pathname).toBe('/console/sign-in');
    await stolen.getByText('This console session was signed out; sign in again.').waitFor();
    // Nor does a form posted with the copy (and the session's own CSRF token) act.
    const id = await incident('Copied cookie');
    const posted = await stolen.request.post(`${desk.url}/console/tickets/${id}/events`, {
      form: { type: 'CANCEL', reason: 'stolen', csrf },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('This console session was signed out');
    expect((await api(`/v1/tickets/${id}`)).json.status).toBe('triage');
    await other.close();
  });

  it('marks a ticket whose mail failed on the queue and heads its page with why; the agent resends it once and it goes out', async () => {
    const gonePerson = { email: 'oud-collega@acme.example.nl', name: 'Oud Collega' };
    gone.add(gonePerson.email);
    const { json: created } = await api('/v1/tickets', {
      kind: 'incident',
      subject: 'Account blocked',
      requester: gonePerson,
      customerId: 'acme',
    });
    const id = created.id as string;
    await eventually(async () => expect((await api(`/v1/tickets/${id}`)).json.mailFailures).toHaveLength(1));
    gone.delete(gonePerson.email);
    const { context, page } = await signedIn();

    const row = page.locator(`tr[data-ticket="${id}"]`);
    expect(await row.getAttribute('data-mail-failed')).toBe('1');
    expect(await row.locator('.mark.mail-failed').textContent()).toBe('MAIL FAILED');
    expect(await page.locator('#mail-failures').textContent()).toContain(
      `Mail was not delivered on 1 open ticket: ${id}`,
    );
    await page.locator('#mail-failures').getByRole('link', { name: id }).click();
    await page.getByRole('heading', { name: id }).waitFor();

    const failures = page.locator('section#mail-failed');
    expect(await failures.getByRole('heading', { level: 2 }).textContent()).toBe('MAIL FAILED Mail not delivered');
    const item = failures.locator('li[data-mail="1-1"]');
    expect(await item.textContent()).toContain(`acknowledgement to ${gonePerson.email}`);
    expect(await item.locator('.reason').textContent()).toMatch(
      /^refused for good by the mail relay: .*5\.1\.1 user unknown/,
    );
    expect(await page.locator('li[data-mail-status="failed"]').textContent()).toContain('FAILED');

    await Promise.all([page.waitForEvent('load'), item.getByRole('button', { name: 'Resend' }).click()]);
    expect(await page.locator('#flash').textContent()).toBe(
      `Mail acknowledgement to ${gonePerson.email} resent: it is back in the outbox with a fresh retry window.`,
    );
    await eventually(async () => {
      await page.reload();
      expect(await page.locator('li[data-mail="1-1"]').first().getAttribute('data-mail-status')).toBe('sent');
    });
    expect(await page.locator('section#mail-failed').count()).toBe(0);
    expect(await page.locator('li[data-mail-status="sent"][data-mail="1-1"]').textContent()).toContain(
      'resent 1× (last by agent anna',
    );
    expect(
      relay.received.filter((raw) =>
        new RegExp(`Message-ID: <${id}\\.1\\.1\\.[\\w-]+@desk\\.example\\.com>`).test(raw.toString()),
      ),
    ).toHaveLength(1);

    // The same form again (a second tab, a double click): refused, nothing resent twice.
    const csrf = await page.locator('form#form-CANCEL input[name="csrf"]').inputValue();
    const again = await page.request.post(`${desk.url}/console/tickets/${id}/outbox/1/1/resend`, {
      form: { csrf },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain(
      'The mail was not resent: it is sent now, and only a failed mail can be resent.',
    );
    expect((await api(`/v1/tickets/${id}`)).json.outbox[0]).toMatchObject({ status: 'sent', resends: 1 });
    // Without the CSRF token, or for ids that name nothing, the console changes nothing either.
    expect(
      (
        await page.request.post(`${desk.url}/console/tickets/${id}/outbox/1/1/resend`, { form: {}, maxRedirects: 0 })
      ).status(),
    ).toBe(403);
    const bad = await page.request.post(`${desk.url}/console/tickets/${id}/outbox/x/1/resend`, {
      form: { csrf },
      maxRedirects: 0,
    });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('The resend names no mail: seq:');
    expect(
      (
        await page.request.post(`${desk.url}/console/tickets/${id}/outbox/1/9/resend`, {
          form: { csrf },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(404);
    await context.close();
  });

  it('says when a failed mail went to an address that bounced for good, and resends it only with the suppression cleared', async () => {
    const kees = { email: 'kees@acme.example.nl', name: 'Kees' };
    await desk.desk.intake.suppress(kees.email, { status: '5.1.1', at: clock.now() });
    const { json: created } = await api('/v1/tickets', {
      kind: 'incident',
      subject: 'Mailbox full',
      requester: kees,
      customerId: 'acme',
    });
    const id = created.id as string;
    await eventually(async () => expect((await api(`/v1/tickets/${id}`)).json.mailFailures).toHaveLength(1));
    const { context, page } = await signedIn();
    await page.goto(`${desk.url}/console/tickets/${id}`);

    const form = page.locator('form#resend-1-1');
    expect(await form.textContent()).toContain(`${kees.email} bounced permanently (5.1.1) on Tue 24 Nov 2026`);
    // Without ticking the box the server refuses too (the browser's own check aside).
    const csrf = await form.locator('input[name="csrf"]').inputValue();
    const unticked = await page.request.post(`${desk.url}/console/tickets/${id}/outbox/1/1/resend`, {
      form: { csrf },
      maxRedirects: 0,
    });
    expect(unticked.status()).toBe(409);
    expect(await unticked.text()).toContain('Tick &quot;Clear the suppression&quot; to resend it anyway.');
    expect(await desk.desk.intake.suppressed(kees.email)).not.toBeNull();

    await form.getByLabel(`Clear the suppression of ${kees.email} and resend`).check();
    await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Resend' }).click()]);
    expect(await page.locator('#flash').textContent()).toContain('resent: it is back in the outbox');
    expect(await desk.desk.intake.suppressed(kees.email)).toBeNull();
    await eventually(async () => {
      await page.reload();
      expect(await page.locator('li[data-mail="1-1"]').first().getAttribute('data-mail-status')).toBe('sent');
    });
    expect(await page.locator('li[data-mail="1-1"]').first().textContent()).toContain(
      'cleared the suppression (5.1.1)',
    );
    await context.close();
  });

  it('reads the conversation: a new reply marked in the queue until the agent replies, the timeline newest first with a note kept internal, the original of a mail', async () => {
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: '"Jan de Vries" <jan@acme.example.nl>',
      to: 'servicedesk@desk.example.com',
      subject: 'VPN drops every hour',
      text: 'Since this morning the VPN drops every hour.',
      messageId: '<vpn-console-1@acme.example.nl>',
    });
    const { json: listed } = await api('/v1/tickets?status=triage&limit=200');
    const id = (listed.tickets as { id: string; subject: string }[]).find(
      (t) => t.subject === 'VPN drops every hour',
    )!.id;
    const { context, page } = await signedIn();
    const row = () => page.locator(`tr[data-ticket="${id}"]`);
    // The mail that opened the ticket is not a new reply.
    expect(await row().getAttribute('data-new-reply')).toBeNull();

    clock.advance(60_000);
    await smtp.sendMail({
      from: 'jan@acme.example.nl',
      to: 'servicedesk@desk.example.com',
      subject: `Re: [${id}] VPN drops every hour`,
      text: 'It happens on every laptop.',
      inReplyTo: '<vpn-console-1@acme.example.nl>',
    });
    await page.reload();
    expect(await row().getAttribute('data-new-reply')).toBe('true');
    // Words on screen; what they mean for a screen reader, in text that takes no room on screen.
    expect(await row().locator('.mark.new-reply').textContent()).toBe(
      'NEW REPLY: the customer or vendor wrote since the desk last acted',
    );
    expect(await row().locator('.mark.new-reply .visually-hidden').boundingBox()).toMatchObject({
      width: 1,
      height: 1,
    });

    await row().getByRole('link', { name: id }).click();
    await page.getByRole('heading', { name: id }).waitFor();
    clock.advance(60_000);
    await act(page, 'ADD_NOTE', (form) => form.getByLabel('Note').fill('Jan sounded annoyed; call him before noon.'));
    expect(
      await act(page, 'REPLY', async (form) => {
        await form.getByLabel('Message').fill('We are on it.\nA technician calls you at 11:00.');
        await form.getByLabel(/^Copy to \(Cc\)/).fill('piet@acme.example.nl');
      }),
    ).toBe('Reply to the customer applied: the ticket is now Triage.');

    const timeline = page.locator('ol.timeline > li');
    expect(await timeline.evaluateAll((items) => items.map((li) => li.getAttribute('data-event')))).toEqual([
      'REPLY',
      'ADD_NOTE',
      'COMMENT',
      'CREATED',
    ]);
    const note = page.locator('li[data-event="ADD_NOTE"]');
    expect(await note.getAttribute('class')).toBe('internal');
    expect(await note.locator('.mark.internal').innerText()).toBe('INTERNAL NOTE');
    expect(await note.innerText()).toContain('Not sent to the customer');
    expect(await note.locator('li[data-mail]').count()).toBe(0);
    const reply = page.locator('li[data-event="REPLY"]');
    expect(await reply.locator('blockquote').innerText()).toBe('We are on it.\nA technician calls you at 11:00.');
    expect(await reply.innerText()).toContain('Cc\npiet@acme.example.nl');
    await eventually(async () => {
      await page.reload();
      expect(
        await page.locator('li[data-event="REPLY"] li[data-template="agentReply"]').getAttribute('data-mail-status'),
      ).toBe('sent');
    });
    expect(await page.locator('li[data-event="REPLY"] li[data-template="agentReply"]').innerText()).toMatch(
      /^Mail to the customer <jan@acme\.example\.nl> \(cc piet@acme\.example\.nl\): “Re: \[INC-2026-\d{6}\] VPN drops every hour” — sent \w{3} \d{1,2} \w{3} 2026 \d\d:\d\d CET$/,
    );
    // Readable throughout: no epoch milliseconds anywhere on the page.
    expect(String(await page.evaluate('document.body.innerText')).match(/\d{13}/g)).toBeNull();
    await page.goto(`${desk.url}/console`);
    expect(await row().getAttribute('data-new-reply')).toBeNull();

    // An event that came from a mail links to the original the intake kept.
    const raw = Buffer.from(
      [
        'From: Jan de Vries <jan@acme.example.nl>',
        'To: Servicedesk <servicedesk@desk.example.com>',
        'Cc: Piet Bakker <piet@acme.example.nl>',
        `Subject: RE: [${id}] VPN drops every hour`,
        'Date: Tue, 24 Nov 2026 15:20:00 +0100',
        'Message-ID: <vpn-console-3@acme.example.nl>',
        '',
        'Thanks, 11:00 suits me.',
        '',
        '> We are on it.',
        '',
      ].join('\r\n'),
    );
    const applied = await commentFromMail(desk.desk, id, raw, {
      from: jan.email,
      text: 'Thanks, 11:00 suits me.',
      messageId: '<vpn-console-3@acme.example.nl>',
      cc: ['piet@acme.example.nl'],
    });
    expect(applied.ok).toBe(true);
    await page.goto(`${desk.url}/console/tickets/${id}`);
    const mailBorn = page.locator('ol.timeline > li').first();
    expect(await mailBorn.getAttribute('data-event')).toBe('COMMENT');
    await mailBorn.getByRole('link', { name: 'Show original' }).click();
    await page.getByRole('heading', { name: `Original mail — ${id}` }).waitFor();
    expect(await page.locator('dd[data-fact="From"]').innerText()).toBe('Jan de Vries <jan@acme.example.nl>');
    expect(await page.locator('dd[data-fact="Cc"]').innerText()).toBe('Piet Bakker <piet@acme.example.nl>');
    expect(await page.locator('dd[data-fact="Date"]').innerText()).toBe('Tue 24 Nov 2026 15:20 CET');
    expect(await page.locator('dd[data-fact="Message-ID"]').innerText()).toBe('<vpn-console-3@acme.example.nl>');
    expect(await page.locator('.mail-text').innerText()).toBe('Thanks, 11:00 suits me.\n\n> We are on it.');
    expect(new URL(page.url()).pathname).toBe(`/console/tickets/${id}/events/5/original`);
    // The agent's reply came from no mail; the ticket has no event 99; "x" is no event number.
    const noMail = await page.goto(`${desk.url}/console/tickets/${id}/events/4/original`);
    expect(noMail?.status()).toBe(404);
    expect(await page.locator('[role=alert]').innerText()).toBe(
      `Event 4 of ${id} did not come from a mail, so there is no original to show.`,
    );
    expect((await page.goto(`${desk.url}/console/tickets/${id}/events/99/original`))?.status()).toBe(404);
    expect(await page.locator('[role=alert]').innerText()).toBe(`${id} has no event 99.`);
    expect((await page.goto(`${desk.url}/console/tickets/${id}/events/x/original`))?.status()).toBe(400);
    await context.close();
  });

  it('signs out: the cookie is gone and the console asks to sign in again', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await context.cookies()).map((c) => c.name)).not.toContain('desk_session');
    await page.goto(`${desk.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await context.close();
  });
});
