// POST /console/sign-out — ends the console session (the cookie is cleared) and goes to sign-in.
// Like every console POST it needs the session and its CSRF token, so another site cannot sign an
// agent out. Sessions are stateless: a copied cookie stays valid until it expires (12 h) or the keys change.
import type { Desk } from './desk';
import { deskInAws } from './desk-in-aws';
import { consoleEndpoint } from './http/console-endpoint';
import { seeOther } from './console-pages';

export function makeConsoleSignOutHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ auth, secure }) => seeOther('/console/sign-in', [auth.end(secure)]));
}

export const handler = makeConsoleSignOutHandler(deskInAws());
