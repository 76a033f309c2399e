// The portal in Chromium, as the end-to-end specs walk it: axe-core's serious and critical findings
// on the page as it is now, and a customer signed in from the link the desk mailed to the local
// mailbox (asking for it, following it, pressing the page's button).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** axe-core's serious and critical findings on the page as it is now (none expected). */
export async function seriousViolations(page: Page) {
  // The AxeBuilder types name playwright's Page; playwright-core's is the same object.
  const results = await new AxeBuilder({ page: page as never }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The sign-in link of the newest sign-in mail in the desk's local mailbox (waiting for it to arrive). */
export async function signInLinkFromMailbox(page: Page, deskUrl: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    await page.goto(`${deskUrl}/dev/mailbox`);
    const mail = page.getByRole('link', { name: /Inloggen bij/ });
    if ((await mail.count()) > 0) {
      await mail.first().click();
      return (await page.getByRole('link', { name: /\/portal\/sign-in\// }).getAttribute('href'))!;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no sign-in mail in the mailbox');
}

/** Signs `email` in (the sign-in pages in English, the portal then in the customer's language). */
export async function signInInBrowser(page: Page, deskUrl: string, email: string): Promise<void> {
  await page.goto(`${deskUrl}/portal?lang=en`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('E-mail address').press('Enter');
  await page.getByRole('heading', { name: 'Check your mailbox' }).waitFor();
  await page.goto(await signInLinkFromMailbox(page, deskUrl));
  await page.getByRole('button', { name: /^(Inloggen|Sign in)$/ }).click();
  await page.getByRole('heading', { name: /^(Uw meldingen|Your tickets)$/ }).waitFor();
}
