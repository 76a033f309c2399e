// The middy stack every signed-in portal route shares: `portalEndpoint(desk, handler)`.
//
// A request is signed in when its `portal_session` cookie verifies under the portal's own keys and
// purpose (a console cookie never does, nor a portal cookie in the console), the session's item in
// the table (`PORTAL#SESSION#<sid>`, entity `portal-session`) is live, not revoked and for the
// same address, and that address still belongs to the same policy customer. Then the handler gets:
//
//   event     the API Gateway v2 event
//   customer  { email, customerId, language, keyContact }: who is signed in, from the policy now
//             (keyContact: the customer's `keyContacts` list this address, so all of the
//             organisation's tickets are theirs to see)
//   language  the page's language: `?lang=` (or a form's `lang`), else the customer's
//   csrf      the token every form of the page must carry (a hidden `csrf` field)
//   form      the posted form (POST only; already checked for its CSRF token)
//   secure    whether the request came over https (the cookies' Secure attribute)
//   frame     the page frame (portal-pages.tsx `portalPage`): language switch and sign-out button
//   signOut() revokes this session in the table and returns the cookie that clears it
//
// Without a session, GET/HEAD go to /portal (the sign-in form; `?why=` when a session stopped
// working); a POST is refused (403) before the handler runs, as is a POST without this session's
// CSRF token, so nothing changes. Forms only (application/x-www-form-urlencoded, or multipart/form-data
// where a form uploads files: bounded by the policy's upload limit, judged and kept by the handler), size-limited.
import { keyContactOf } from '../../workflows/portal/portal-visibility';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { customerOfAddress, type Language } from '../../workflows/policy/policy';
import type { Desk } from '../desk';
import { publicEndpoint } from '../http/agent-endpoint';
import { readPostOrRefusal } from '../http/console-endpoint';
import { cameOverHttps, cookieValues } from '../console/console-session';
import type { OfferedFile } from '../../workflows/files/file-rules';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/store-unavailable';
import {
  clearedPortalCookie,
  PORTAL_SESSION_COOKIE,
  portalCsrfFor,
  portalCsrfMatches,
  portalKeysFrom,
  verifyPortalSession,
  type PortalKeys,
  type PortalSession,
  type PortalSessionRefusal,
} from './portal-session';
import { createPortalSignInStore, type PortalSignInStore } from './portal-sign-in-store';
import { htmlResponse, messagePage, pageLanguage, portalRedirect, portalWords, type PortalFrame } from './portal-pages';

export interface PortalCustomer {
  /** The signed-in address, lower-cased. */
  email: string;
  customerId: string;
  /** The customer's language (policy), which pages and mails use unless `?lang=` says otherwise. */
  language: Language;
  /** In the customer's `keyContacts`: sees all of the organisation's tickets. */
  keyContact: boolean;
}

export interface PortalRequest {
  event: APIGatewayProxyEventV2;
  customer: PortalCustomer;
  session: PortalSession;
  language: Language;
  csrf: string;
  form: URLSearchParams;
  /** The files a multipart form posted (judged and stored by the handler that takes them). */
  files: OfferedFile[];
  secure: boolean;
  frame: PortalFrame;
  signOut(): Promise<string>;
}

export type PortalHandler = (request: PortalRequest) => Promise<APIGatewayProxyStructuredResultV2>;

/** The portal's keys, read per request (the link keys rotate). */
export const portalKeysOf = (desk: Desk) => portalKeysFrom(desk.links?.keys);
export const portalStoreOf = (desk: Desk) => createPortalSignInStore(desk.table.client, desk.table.tableName);

type Check =
  { ok: true; session: PortalSession; customer: PortalCustomer } | { ok: false; reason: PortalSessionRefusal };

/** Whether the request carries a live portal session, and whose. Every session cookie sent counts; the first live one wins. */
export async function checkPortalSession(
  desk: Desk,
  keys: PortalKeys | null,
  store: PortalSignInStore,
  event: APIGatewayProxyEventV2,
  now: number,
): Promise<Check> {
  let refusal: Check = { ok: false, reason: 'missing' };
  if (!keys) return refusal;
  for (const value of cookieValues(event, PORTAL_SESSION_COOKIE)) {
    const signed = verifyPortalSession(keys, value, now);
    if (!signed.ok) {
      refusal = signed;
      continue;
    }
    const stored = await store.findSession(signed.session.sid);
    const customer = stored ? customerOfAddress(desk.policy, stored.email) : null;
    if (!stored || stored.email !== signed.session.email || !customer || customer.id !== stored.customerId)
      refusal = { ok: false, reason: 'unknown-session' };
    else if (stored.revokedAt !== null) refusal = { ok: false, reason: 'signed-out' };
    else if (stored.expiresAtMs <= now) refusal = { ok: false, reason: 'expired' };
    else {
      const keyContact = keyContactOf(desk.policy, stored.email).some((c) => c.id === customer.id);
      return {
        ok: true,
        session: signed.session,
        customer: { email: stored.email, customerId: customer.id, language: customer.language, keyContact },
      };
    }
  }
  return refusal;
}

/**
 * Sessions run on wall-clock time (an accelerated demo clock must not end them); tests pass `now`.
 */
export function portalEndpoint(desk: Desk, handler: PortalHandler, now: () => number = Date.now) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const keys = portalKeysOf(desk);
    const store = portalStoreOf(desk);
    const method = event.requestContext.http.method;
    const path = event.rawPath || '/portal';
    const bare = { policy: desk.policy, language: pageLanguage(event), path };
    try {
      const check = await checkPortalSession(desk, keys, store, event, now());
      const secure = cameOverHttps(event);
      let form = new URLSearchParams();
      let files: OfferedFile[] = [];
      if (method !== 'GET' && method !== 'HEAD') {
        const w = portalWords[bare.language];
        const read = await readPostOrRefusal(desk, event, (status, reason) =>
          htmlResponse(status, messagePage(bare, w.refusedTitle, reason)),
        );
        if (read.refusal) return read.refusal;
        ({ form, files } = read);
      }
      if (!check.ok) {
        if (method === 'GET' || method === 'HEAD')
          return portalRedirect(`/portal${check.reason === 'missing' ? '' : `?why=${check.reason}`}`);
        const w = portalWords[bare.language];
        return htmlResponse(403, messagePage(bare, w.refusedTitle, w.formRefused));
      }
      const csrf = portalCsrfFor(keys!, 'session', check.session.sid);
      const language = pageLanguage(event, check.customer.language, form.get('lang'));
      const frame: PortalFrame = { policy: desk.policy, language, path, signOutCsrf: csrf };
      if (
        method !== 'GET' &&
        method !== 'HEAD' &&
        !portalCsrfMatches(keys!, 'session', check.session.sid, form.get('csrf'))
      ) {
        const w = portalWords[language];
        return htmlResponse(403, messagePage(frame, w.refusedTitle, w.formRefused));
      }
      const signOut = async () => {
        await store.revokeSession(check.session.sid, now());
        return clearedPortalCookie(PORTAL_SESSION_COOKIE, secure);
      };
      return await handler({
        event,
        customer: check.customer,
        session: check.session,
        language,
        csrf,
        form,
        files,
        secure,
        frame,
        signOut,
      });
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return htmlResponse(503, messagePage(bare, '503', `Try again in ${STORE_RETRY_AFTER_SECONDS} seconds.`), {
        headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
      });
    }
  }, desk);
}
