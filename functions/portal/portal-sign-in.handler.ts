// The portal's passwordless sign-in, one function for its five routes:
//   GET  /portal                   the address form (signed in already: on to the tickets)
//   POST /portal/sign-in           asks for a link and a code: the same answer for every address
//   POST /portal/code              the code, typed in the browser that asked (its attempt cookie)
//   GET  /portal/sign-in/{token}   the link's page: whom it signs in, and the button (never signs in)
//   POST /portal/sign-in/{token}   the button: claims the attempt and starts the session, once
// Every form carries a CSRF token bound to the browser's own nonce cookie. A refused link or code
// is a page saying why (4xx) and signs nobody in.
import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { clientOf } from '../../workflows/console/sign-in-throttle';
import { customerOfAddress, type Language } from '../../workflows/policy/policy';
import {
  codeDigest,
  codeMatches,
  newSignInCode,
  normalAddress,
  openSignInToken,
  portalThrottleWindows,
  redeemable,
  sealSignInToken,
  SIGN_IN_TTL_MS,
  type AttemptRefusal,
  type SignInAttempt,
} from '../../workflows/portal/portal-sign-in';
import { signInMail, signInMessageId } from '../../workflows/portal/portal-sign-in-mail';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { publicEndpoint } from '../http/agent-endpoint';
import { readFormOrRefusal } from '../http/console-endpoint';
import { cameOverHttps, cookieValues } from '../console/console-session';
import {
  clearedPortalCookie,
  issuePortalSession,
  newBrowserNonce,
  openAttemptCookie,
  PORTAL_ATTEMPT_COOKIE,
  PORTAL_BROWSER_COOKIE,
  PORTAL_BROWSER_TTL_MS,
  PORTAL_SESSION_COOKIE,
  PORTAL_SESSION_TTL_MS,
  portalCookie,
  portalCsrfFor,
  portalCsrfMatches,
  sealAttemptCookie,
  type PortalKeys,
} from './portal-session';
import { checkPortalSession, portalKeysOf, portalStoreOf } from './portal-endpoint';
import {
  confirmPage,
  htmlResponse,
  messagePage,
  pageLanguage,
  portalRedirect,
  portalWords,
  sentPage,
  signInFormPage,
  waitWords,
  type PortalFrame,
} from './portal-pages';
import type { PortalMailItem } from './portal-sign-in-store';

type Response = APIGatewayProxyStructuredResultV2;

const refusalWords: Record<Language, Record<AttemptRefusal | 'malformed' | 'foreign' | 'expired', string>> = {
  nl: {
    malformed: 'Deze link is niet compleet of klopt niet. Kopieer de hele link uit de mail, of vraag een nieuwe aan.',
    foreign: 'Deze link is geen inloglink van deze desk.',
    expired: 'Deze inloglink is verlopen (een link is 15 minuten geldig). Vraag een nieuwe aan.',
    unknown: 'Deze inlogpoging is niet bekend bij de desk. Vraag een nieuwe link aan.',
    used: 'Deze inloglink of code is al gebruikt; ze werken één keer. Vraag een nieuwe aan.',
    'too-many-codes':
      'Er zijn te veel verkeerde codes ingevuld; deze inlogpoging is beëindigd. Vraag een nieuwe link aan.',
    'not-a-customer': 'Met dit adres kan niet worden ingelogd.',
    'other-address': 'Deze link hoort bij een ander e-mailadres.',
  },
  en: {
    malformed: 'This link is incomplete or not right. Copy the whole link from the mail, or ask for a new one.',
    foreign: 'This link is not a sign-in link of this desk.',
    expired: 'This sign-in link has expired (a link is valid for 15 minutes). Ask for a new one.',
    unknown: 'This sign-in attempt is not known to the desk. Ask for a new link.',
    used: 'This sign-in link or code was already used; they work once. Ask for a new one.',
    'too-many-codes': 'Too many wrong codes were entered; this sign-in attempt has ended. Ask for a new link.',
    'not-a-customer': 'This address cannot sign in.',
    'other-address': 'This link belongs to another e-mail address.',
  },
};

const refusalStatus = new Map<string, number>([
  ['malformed', 400],
  ['foreign', 403],
  ['expired', 410],
  ['unknown', 404],
  ['used', 410],
  ['too-many-codes', 403],
  ['not-a-customer', 403],
  ['other-address', 403],
]);

/** Why a session stopped working, for `/portal?why=` (unknown values: nothing). */
const sessionWhy = {
  nl: new Map([
    ['expired', 'Uw sessie is verlopen; log opnieuw in.'],
    ['signed-out', 'U bent uitgelogd; log opnieuw in.'],
  ]),
  en: new Map([
    ['expired', 'Your session has expired; sign in again.'],
    ['signed-out', 'You were signed out; sign in again.'],
  ]),
};

/** The address as the throttle keys it: by digest, so a counter's key never holds an address. */
const addressKey = (email: string) => createHash('sha256').update(email).digest('base64url').slice(0, 22);

export function makePortalSignInHandler(desk: Desk, now: () => number = Date.now) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const method = event.requestContext.http.method;
    const token = event.pathParameters?.token;
    const path = event.rawPath || '/portal';
    const secure = cameOverHttps(event);
    const keys = portalKeysOf(desk);
    const store = portalStoreOf(desk);
    let form = new URLSearchParams();
    if (method === 'POST') {
      const read = readFormOrRefusal(event);
      if (read.refusal) return read.refusal;
      form = read.form;
    }
    // A link's page speaks its customer's language (the mail's), unless `?lang=` says otherwise.
    const opened = token !== undefined && keys ? openSignInToken(keys, token, now()) : null;
    const linkLanguage = opened?.ok ? customerOfAddress(desk.policy, opened.claims.email)?.language : undefined;
    const language = pageLanguage(event, linkLanguage, form.get('lang'));
    const w = portalWords[language];
    const frame: PortalFrame = { policy: desk.policy, language, path: token ? path : '/portal' };
    if (!keys) return htmlResponse(503, messagePage(frame, w.refusedTitle, w.notAvailable));

    // The browser's own nonce: every pre-sign-in form's CSRF token is bound to it; set when missing.
    const nonces = cookieValues(event, PORTAL_BROWSER_COOKIE);
    const nonce = nonces[0] ?? newBrowserNonce();
    const nonceCookie = nonces.length
      ? []
      : [portalCookie(PORTAL_BROWSER_COOKIE, nonce, secure, PORTAL_BROWSER_TTL_MS)];
    const csrf = portalCsrfFor(keys, 'browser', nonce);
    const page = (status: number, body: string, cookies: string[] = [], headers: Record<string, string> = {}) =>
      htmlResponse(status, body, { cookies: [...nonceCookie, ...cookies], headers });
    const refused = (reason: keyof (typeof refusalWords)['en']) =>
      page(refusalStatus.get(reason) ?? 400, messagePage(frame, w.refusedTitle, refusalWords[language][reason]));
    const formRefused = () => page(403, signInFormPage(frame, csrf, { error: w.formRefused }));
    const csrfValid = () => nonces.some((value) => portalCsrfMatches(keys, 'browser', value, form.get('csrf')));

    /** Starts the session for a redeemed attempt: its cookie, the attempt's cleared, on to the tickets. */
    const startSession = async (attempt: SignInAttempt, viaLink: boolean): Promise<Response> => {
      const customer = customerOfAddress(desk.policy, attempt.email);
      if (!customer || customer.id !== attempt.customerId) return refused('not-a-customer');
      const { token: sessionToken, session } = issuePortalSession(keys, attempt.email, now());
      const won = await store.redeem(
        attempt,
        session,
        customer.id,
        now(),
        viaLink ? { maxTries: desk.policy.portalSignIn.codeTries } : null,
      );
      if (!won) return refused('used');
      return portalRedirect(`/portal/tickets?lang=${language}`, [
        portalCookie(PORTAL_SESSION_COOKIE, sessionToken, secure, PORTAL_SESSION_TTL_MS),
        clearedPortalCookie(PORTAL_ATTEMPT_COOKIE, secure),
      ]);
    };

    if (opened && token !== undefined) {
      if (!opened.ok)
        return refused(
          opened.reason === 'unknown-key' || opened.reason === 'bad-signature' ? 'foreign' : opened.reason,
        );
      const attempt = await store.findAttempt(opened.claims.attempt);
      const standing = redeemable(attempt, now(), desk.policy.portalSignIn, opened.claims.email);
      if (!standing.ok) return refused(standing.reason);
      if (method !== 'POST') return page(200, confirmPage(frame, csrf, token, opened.claims.email));
      if (!csrfValid()) return page(403, confirmPage(frame, csrf, token, opened.claims.email));
      return startSession(attempt!, true);
    }

    if (path.endsWith('/portal/code') && method === 'POST') return code(keys);

    if (method !== 'POST') {
      if ((await checkPortalSession(desk, keys, store, event, now())).ok)
        return portalRedirect(`/portal/tickets?lang=${language}`);
      const why = sessionWhy[language].get(event.queryStringParameters?.why ?? '');
      return page(200, signInFormPage(frame, csrf, { error: why }));
    }

    // POST /portal/sign-in
    if (!csrfValid()) return formRefused();
    const typed = form.get('email') ?? '';
    const email = normalAddress(typed);
    if (!email) return page(400, signInFormPage(frame, csrf, { error: w.badEmail, email: typed.slice(0, 254) }));
    const at = now();
    const customer = customerOfAddress(desk.policy, email);
    const attemptId = randomBytes(18).toString('base64url');
    const signInCode = newSignInCode();
    const attempt: SignInAttempt = {
      id: attemptId,
      email,
      customerId: customer?.id ?? null,
      codeDigest: codeDigest(keys.current.key, attemptId, signInCode),
      codeTries: 0,
      expiresAtMs: at + SIGN_IN_TTL_MS,
      usedAt: null,
    };
    const mail = customer ? mailFor(desk, keys, attempt, signInCode, customer.language) : null;
    const windows = portalThrottleWindows(
      desk.policy.portalSignIn,
      addressKey(email),
      clientOf(event.requestContext.http.sourceIp),
      at,
    );
    const claim = await store.request(attempt, windows, mail, at);
    if (!claim.ok) {
      if (claim.reason === 'busy')
        return page(503, messagePage(frame, w.pausedTitle, w.busy), [], { 'retry-after': '1' });
      return page(429, messagePage(frame, w.pausedTitle, w.paused(waitWords(language, claim.retryAfterSeconds))), [], {
        'retry-after': String(claim.retryAfterSeconds),
      });
    }
    const attemptCookie = portalCookie(
      PORTAL_ATTEMPT_COOKIE,
      sealAttemptCookie(keys, attemptId, attempt.expiresAtMs),
      secure,
      SIGN_IN_TTL_MS,
    );
    return page(200, sentPage(frame, csrf, email), [attemptCookie]);

    /** POST /portal/code: one try of this browser's attempt, counted before the code is compared. */
    async function code(keys: PortalKeys): Promise<Response> {
      if (!csrfValid()) return formRefused();
      const attemptId = cookieValues(event, PORTAL_ATTEMPT_COOKIE)
        .map((value) => openAttemptCookie(keys, value, now()))
        .find((id) => id !== null);
      if (!attemptId) return refused('unknown');
      const limits = desk.policy.portalSignIn;
      const tried = await store.takeCodeTry(attemptId, limits.codeTries, now());
      if (!tried) {
        const standing = redeemable(await store.findAttempt(attemptId), now(), limits);
        // An address of no customer reads like any other: its tries run out the same way.
        return refused(standing.ok || standing.reason === 'not-a-customer' ? 'too-many-codes' : standing.reason);
      }
      const typed = form.get('code') ?? '';
      const right =
        tried.customerId !== null &&
        [...keys.all.values()].some((key) => codeMatches(key, attemptId, typed, tried.codeDigest));
      if (right) return startSession(tried, false);
      const left = limits.codeTries - tried.codeTries;
      if (left <= 0) return refused('too-many-codes');
      return page(401, sentPage(frame, csrf, tried.email, w.wrongCode(left)));
    }
  }, desk);
}

/** The sign-in mail as an outbox item of its own, in the customer's language, from the desk's first address. */
function mailFor(
  desk: Desk,
  keys: PortalKeys,
  attempt: SignInAttempt,
  code: string,
  language: Language,
): PortalMailItem {
  const link = `${desk.links!.baseUrl}/portal/sign-in/${sealSignInToken(keys, {
    attempt: attempt.id,
    email: attempt.email,
    expiresAt: attempt.expiresAtMs,
  })}`;
  const { subject, letter, text } = signInMail(desk.policy, language, link, code);
  const from = desk.policy.intake.deskAddresses[0]!;
  // The mail's own clock is the desk's (the dispatcher's), not the session's wall clock.
  const createdAt = desk.clock.now();
  return {
    address: attempt.email,
    from,
    subject,
    text,
    letter,
    language,
    messageId: signInMessageId(attempt.id, from),
    createdAt,
    expiresAt: Math.ceil((createdAt + (desk.policy.outbox.retryForHours + 48) * 3600_000) / 1000),
  };
}

export const handler = makePortalSignInHandler(deskInAws());
