// GET /portal/requests/new and POST /portal/requests — a signed-in customer opens a new ticket: an
// incident, a service request from the catalog or a request for change. The form is decided by
// portal-requests.ts with the requester and customer from the session only (a form's own
// `requester` or `customerId` is never read), then opened through the engine as any other channel
// opens one (desk.service.create), the customer as actor over the `portal` channel, which is in
// writing. Success: 303 to the ticket's portal page with a flash; refused fields: the page again
// with each field's message (400), and nothing is created. Session and CSRF: portalEndpoint.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import { decidePortalRequest } from '../../workflows/portal/portal-requests';
import { portalEndpoint } from './portal-endpoint';
import { htmlResponse, portalRedirect } from './portal-pages';
import { portalRequestPage } from './portal-request-page';

export const PORTAL_REQUESTS_PATH = '/portal/requests';
export const PORTAL_NEW_REQUEST_PATH = '/portal/requests/new';

/** The fields a request form may carry; anything else a form sends (a requester, a customer) is dropped here. */
const formFields = ['kind', 'subject', 'description', 'catalogItemId', 'desiredDate'] as const;

export function makePortalRequestHandler(desk: Desk, now: () => number = Date.now) {
  return portalEndpoint(
    desk,
    async ({ event, customer, language, csrf, form }) => {
      const page = (statusCode: number, refused?: { kind: string; issues: FieldIssue[] }) =>
        htmlResponse(
          statusCode,
          portalRequestPage({
            language,
            policy: desk.policy,
            csrf,
            // The page's language rides on the action, as the forms carry no `lang` of their own.
            actionPath: `${PORTAL_REQUESTS_PATH}?lang=${language}`,
            ...(refused ? { refused } : {}),
          }),
        );
      if (event.requestContext.http.method !== 'POST') return page(200);

      const raw = new Map<string, string>();
      for (const name of formFields) {
        const value = form.get(name);
        if (value !== null) raw.set(name, value);
      }
      const kind = raw.get('kind') ?? '';
      const decided = decidePortalRequest(
        Object.fromEntries(raw),
        { email: customer.email, customerId: customer.customerId, language },
        desk.policy,
      );
      if (!decided.ok) return page(400, { kind, issues: decided.issues });
      const created = await desk.service.create(decided.value, {
        actor: { type: 'customer', id: customer.email },
        channel: 'portal',
      });
      if (!created.ok)
        // The engine checks again; what it refuses is shown the same way.
        return page(400, {
          kind,
          issues: created.reason === 'invalid' ? created.issues : [{ field: 'kind', message: created.detail }],
        });
      return portalRedirect(`/portal/tickets/${encodeURIComponent(created.head.id)}?lang=${language}&opened=1#flash`);
    },
    now,
  );
}

export const handler = makePortalRequestHandler(deskInAws());
