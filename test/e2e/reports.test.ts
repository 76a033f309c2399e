// The service report as a newcomer meets it: `npm start`, `npm run seed -- --month 2026-11`, then
// the report by API, in the console with its charts (no serious axe-core findings), a number
// followed to the tickets it counts, the printable page, the PDF, and the mail to the customer's
// key contacts arriving in the local mailbox with the PDF attached.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../../local/dynamodb-local';
import { launchChromium } from '../support/browser';
import { startDeskProcess, type DeskProcess } from '../support/desk-process';
import { call } from '../support/http';
import { seriousViolations } from '../support/portal-browser';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'reports-e2e-'));
let desk: DeskProcess;
let url: string;
let browser: Browser;
let seeded: string;

beforeAll(async () => {
  const [port, smtpPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${port}`;
  desk = await startDeskProcess(['--data-dir', dataDir, '--port', String(port), '--smtp-port', String(smtpPort)]);
  ({ stdout: seeded } = await run(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'local/seed.ts', '--month', '2026-11', '--tickets', '30', '--data-dir', dataDir],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  ));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  desk?.child.kill('SIGINT');
  await desk?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/console/reports?month=2026-11&customer=acme`);
  await page.getByLabel('Agent token').fill(desk.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/reports\?month=2026-11&customer=acme/);
  return { context, page };
}

describe('a seeded month', () => {
  it('is reported by the API with the tickets the seed made', async () => {
    const { status, json } = await call(`${url}/v1/reports/service?month=2026-11`, { token: desk.token });

    expect(seeded).toContain('Seeded 30 tickets for 2026-11');
    expect(status).toBe(200);
    expect(json.opened.total.count).toBeGreaterThan(20);
    expect(json.opened.byPriority.reduce((n: number, p: { figure: { count: number } }) => n + p.figure.count, 0)).toBe(
      json.opened.total.count,
    );
    expect(json.vendors.length).toBeGreaterThan(0);
  });

  it('shows charts with their numbers in the console, and a number leads to the tickets it counts', async () => {
    const { context, page } = await signedIn();

    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    expect(await charts.first().locator('title').textContent()).toBeTruthy();
    expect(await seriousViolations(page)).toEqual([]);
    const opened = page.locator('a[href*="figure=opened.total"]').first();
    const count = Number(await opened.textContent());
    await opened.click();
    const listed = page.locator('#counted li a');
    expect(await listed.count()).toBe(count);
    await listed.first().click();
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/tickets\/INC-|SR-|CHG-/);
    await context.close();
  });

  it("prints the customer's report in Dutch and downloads it as PDF", async () => {
    const { context, page } = await signedIn();

    await page.getByRole('link', { name: 'Printable page' }).click();
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^nl/);
    expect(await seriousViolations(page)).toEqual([]);
    const pdf = await page.request.get(`${url}/console/reports/pdf?month=2026-11&customer=acme`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('mails the report to the key contacts, which the mailbox receives with the PDF', async () => {
    const { context, page } = await signedIn();

    await page.getByRole('button', { name: 'Mail to key contacts' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Mailed');
    let found = false;
    for (let i = 0; i < 100 && !found; i++) {
      await page.goto(`${url}/dev/mailbox`);
      found = (await page.getByRole('link', { name: /Servicerapport november 2026/ }).count()) > 0;
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(true);
    await page
      .getByRole('link', { name: /Servicerapport november 2026/ })
      .first()
      .click();
    expect(await page.content()).toContain('servicerapport-2026-11-acme.pdf');
    await context.close();
  });
});
