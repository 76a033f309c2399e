// GET /portal/tickets — the portal home: the signed-in customer's tickets (a key contact's: all of
// their organisation's), open and closed, never another customer's (portal-list.ts decides).
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { portalRows } from '../../workflows/portal/portal-list';
import { portalEndpoint } from './portal-endpoint';
import { readPortalTickets } from './portal-home-data';
import { portalHomePage } from './portal-home-page';
import { htmlResponse } from './portal-pages';

export function makePortalHomeHandler(desk: Desk, now: () => number = Date.now) {
  return portalEndpoint(
    desk,
    async ({ customer, frame }) => {
      const rows = portalRows(desk.machine, desk.policy, customer.customerId, await readPortalTickets(desk, customer));
      return htmlResponse(
        200,
        portalHomePage(frame, customer.email, customer.keyContact, rows, desk.policy.businessHours.timeZone),
      );
    },
    now,
  );
}

export const handler = makePortalHomeHandler(deskInAws());
