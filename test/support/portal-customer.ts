// A customer signed in to the portal the way a browser does it, through the sign-in handler: ask
// for a link, take it from the sign-in mail the desk put in its table, press the link's button.
// Gives the session cookie to send and the CSRF token its forms carry.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Desk } from '../../functions/desk';
import { makePortalSignInHandler } from '../../functions/portal/portal-sign-in.handler';
import { portalMailKey } from '../../functions/portal/portal-sign-in-store';
import {
  PORTAL_ATTEMPT_COOKIE,
  PORTAL_BROWSER_COOKIE,
  PORTAL_SESSION_COOKIE,
  portalCsrfFor,
  portalKeysFrom,
  verifyPortalSession,
} from '../../functions/portal/portal-session';
import { consoleEvent, cookieSet, invoke } from './console-requests';

export interface SignedInCustomer {
  /** `portal_session=…`, ready to send. */
  cookie: string;
  /** The CSRF token of this session's forms. */
  csrf: string;
}

export async function signInCustomer(
  desk: Desk,
  email: string,
  now: () => number = Date.now,
): Promise<SignedInCustomer> {
  const keys = portalKeysFrom(desk.links?.keys)!;
  const browser = `browser-${email.replace(/[^a-z0-9]/gi, '')}-0123456789`;
  const cookies = [`${PORTAL_BROWSER_COOKIE}=${browser}`];
  const csrf = portalCsrfFor(keys, 'browser', browser);
  const signIn = makePortalSignInHandler(desk, now);
  const asked = await invoke(signIn, consoleEvent('POST', '/portal/sign-in', { cookies, form: { email, csrf } }));
  const attemptCookie = cookieSet(asked, PORTAL_ATTEMPT_COOKIE)!;
  const attempt = String(
    JSON.parse(Buffer.from(attemptCookie.slice(attemptCookie.indexOf('=') + 1).split('.')[0]!, 'base64url').toString())
      .attempt,
  );
  const { Item } = await desk.table.client.send(
    new GetCommand({ TableName: desk.table.tableName, Key: portalMailKey(attempt) }),
  );
  const token = /\/portal\/sign-in\/([A-Za-z0-9_.-]+)/.exec(String(Item!.text))![1]!;
  const path = `/portal/sign-in/${token}`;
  const signedIn = await invoke(signIn, {
    ...consoleEvent('POST', path, { cookies, form: { csrf } }),
    pathParameters: { token },
  });
  const cookie = cookieSet(signedIn, PORTAL_SESSION_COOKIE)!;
  const verified = verifyPortalSession(keys, cookie.slice(cookie.indexOf('=') + 1), now());
  if (!verified.ok) throw new Error(`the portal did not sign ${email} in: ${verified.reason}`);
  return { cookie, csrf: portalCsrfFor(keys, 'session', verified.session.sid) };
}
