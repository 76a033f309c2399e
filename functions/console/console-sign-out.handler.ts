// POST /console/sign-out — ends the console session: its item in the table is revoked, so neither
// this browser nor any copy of its cookie opens the console again; the cookie is cleared and the
// browser goes to sign-in. Like every console POST it needs the session and its CSRF token, so
// another site cannot sign an agent out.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { seeOther } from './console-pages';

export function makeConsoleSignOutHandler(desk: Desk, now: () => number = Date.now) {
  return consoleEndpoint(
    desk,
    async ({ auth, session, secure }) => seeOther('/console/sign-in', [await auth.end(session, secure)]),
    now,
  );
}

export const handler = makeConsoleSignOutHandler(deskInAws());
