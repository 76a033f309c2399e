// A customer signed in to the portal the way a browser does it, through the real handlers against
// the spec's table: ask for a link, read the link from the sign-in mail's outbox item, press its
// button. Returns the session cookie to send and the session's CSRF token for its forms.
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

export async function signInToPortal(desk: Desk, email: string, now: () => number = Date.now) {
  const keys = portalKeysFrom(desk.links?.keys)!;
  const signIn = makePortalSignInHandler(desk, now);
  const browser = `browser-${email.replace(/\W/g, '-')}-0123456789`;
  const cookies = [`${PORTAL_BROWSER_COOKIE}=${browser}`];
  const csrf = portalCsrfFor(keys, 'browser', browser);
  const asked = await invoke(
    signIn,
    consoleEvent('POST', '/portal/sign-in', { cookies, form: { email, csrf, lang: 'en' } }),
  );
  const attemptCookie = cookieSet(asked, PORTAL_ATTEMPT_COOKIE)!;
  const sealed = attemptCookie.slice(attemptCookie.indexOf('=') + 1).split('.')[0]!;
  const attempt = String(JSON.parse(Buffer.from(sealed, 'base64url').toString()).attempt);
  const { Item } = await desk.table.client.send(
    new GetCommand({ TableName: desk.table.tableName, Key: portalMailKey(attempt) }),
  );
  const token = /\/portal\/sign-in\/([A-Za-z0-9_.-]+)/.exec(String(Item!.text))![1]!;
  const signedIn = await invoke(signIn, {
    ...consoleEvent('POST', `/portal/sign-in/${token}`, { cookies, form: { csrf } }),
    pathParameters: { token },
  });
  const session = cookieSet(signedIn, PORTAL_SESSION_COOKIE);
  if (signedIn.statusCode !== 303 || !session) throw new Error(`${email} was not signed in (${signedIn.statusCode})`);
  const opened = verifyPortalSession(keys, session.slice(session.indexOf('=') + 1), now());
  if (!opened.ok) throw new Error(`${email}'s session cookie does not verify (${opened.reason})`);
  return { cookies: [session], csrf: portalCsrfFor(keys, 'session', opened.session.sid) };
}
