// The customer portal in a browser, as the end-to-end specs walk it: axe-core's serious and critical
// findings on a page, and the sign-in link a customer takes from the local mailbox (/dev/mailbox).
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

/** The link in the newest sign-in mail in the desk's local mailbox (waiting for its dispatcher to send it). */
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
