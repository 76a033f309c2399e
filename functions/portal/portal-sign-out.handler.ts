// POST /portal/sign-out — ends the customer's portal session: its item in the table is revoked, so
// neither this browser nor any copy of its cookie opens the portal again; the cookie is cleared.
// Like every portal POST it needs the session and its CSRF token (portalEndpoint).
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { portalEndpoint } from './portal-endpoint';
import { portalRedirect } from './portal-pages';

export function makePortalSignOutHandler(desk: Desk, now: () => number = Date.now) {
  return portalEndpoint(
    desk,
    async ({ signOut, language }) => portalRedirect(`/portal?lang=${language}&why=signed-out`, [await signOut()]),
    now,
  );
}

export const handler = makePortalSignOutHandler(deskInAws());
