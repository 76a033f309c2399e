// The portal's sign-in pages and its frame, on the customer-facing link layout (link-layout.tsx):
// the address form, "check your mail" with the code form, the link's confirm button (GET never
// signs in: mail scanners open links), and a page that says why something was refused. nl and en,
// each page linking to itself in the other language; forms only, no script, every control labelled.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ComponentChildren } from 'preact';
import type { Language, Policy } from '../../workflows/policy/policy';
import { SIGN_IN_TTL_MS } from '../../workflows/portal/portal-sign-in';
import { deskContactOf, LinkLayout } from '../views/link-layout';
import { renderDocument } from '../views/render';
import { htmlResponse } from '../console/console-pages';

const languages = new Set<Language>(['nl', 'en']);

/**
 * The page's language: `?lang=` first (the switch link), then the customer's own (signed in), then
 * the browser's Accept-Language (the first of nl/en it names), else the desk's own, Dutch.
 */
export function pageLanguage(event: APIGatewayProxyEventV2, customer?: Language, posted?: string | null): Language {
  const asked = posted ?? event.queryStringParameters?.lang;
  if (asked && languages.has(asked as Language)) return asked as Language;
  if (customer) return customer;
  for (const part of (event.headers?.['accept-language'] ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().slice(0, 2);
    if (languages.has(tag as Language)) return tag as Language;
  }
  return 'nl';
}

const minutes = SIGN_IN_TTL_MS / 60_000;

export const portalWords = {
  nl: {
    other: { language: 'en' as Language, label: 'English', lang: 'en' },
    signInTitle: 'Inloggen op het klantportaal',
    signInIntro:
      'Vul uw e-mailadres in. Is het een adres van een van onze klanten, dan sturen we u een link en een code om mee in te loggen. U hebt geen wachtwoord nodig.',
    email: 'E-mailadres',
    send: 'Stuur mij een inloglink',
    badEmail: 'Dat is geen e-mailadres. Vul het adres in waarop u onze mail ontvangt.',
    sentTitle: 'Kijk in uw mailbox',
    sent: (email: string) =>
      `Is ${email} een adres van een van onze klanten, dan hebben we er zojuist een inloglink en een code naartoe gestuurd. Ze zijn ${minutes} minuten geldig en werken één keer.`,
    codeIntro: 'Leest u uw mail op een ander apparaat? Typ dan hier de code uit de mail.',
    code: 'Code (6 cijfers)',
    useCode: 'Inloggen met de code',
    wrongCode: (left: number) =>
      `Die code klopt niet. U kunt het nog ${left} keer proberen; daarna vraagt u een nieuwe link aan.`,
    again: 'Een nieuwe inloglink aanvragen',
    confirmTitle: 'Inloggen bevestigen',
    confirm: (email: string) => `U logt in als ${email}. Klik op de knop om verder te gaan.`,
    confirmButton: 'Inloggen',
    pausedTitle: 'Even geduld',
    paused: (wait: string) => `Er zijn te veel inloglinks aangevraagd. Probeer het over ${wait} opnieuw.`,
    busy: 'Er wordt nu veel tegelijk ingelogd. Probeer het zo opnieuw.',
    refusedTitle: 'Inloggen lukt niet',
    notAvailable:
      'Het klantportaal is op deze desk niet ingeschakeld (er zijn geen sleutels om links mee te ondertekenen).',
    formRefused:
      'Dit formulier kwam niet uit dit venster of is verlopen. Er is niets veranderd; vul het formulier opnieuw in.',
    signOut: 'Uitloggen',
    signedOutTitle: 'U bent uitgelogd',
    signedOut: 'Uw sessie is beëindigd.',
    minutes: (n: number) => `${n} ${n === 1 ? 'minuut' : 'minuten'}`,
    seconds: (n: number) => `${n} seconden`,
  },
  en: {
    other: { language: 'nl' as Language, label: 'Nederlands', lang: 'nl' },
    signInTitle: 'Sign in to the customer portal',
    signInIntro:
      "Enter your e-mail address. If it is an address of one of our customers, we send you a link and a code to sign in with. You don't need a password.",
    email: 'E-mail address',
    send: 'Send me a sign-in link',
    badEmail: 'That is not an e-mail address. Enter the address you receive our mail at.',
    sentTitle: 'Check your mailbox',
    sent: (email: string) =>
      `If ${email} is an address of one of our customers, we have just sent a sign-in link and a code to it. They are valid for ${minutes} minutes and work once.`,
    codeIntro: 'Reading your mail on another device? Then type the code from the mail here.',
    code: 'Code (6 digits)',
    useCode: 'Sign in with the code',
    wrongCode: (left: number) =>
      `That code is not right. You can try ${left} more time${left === 1 ? '' : 's'}; after that, ask for a new link.`,
    again: 'Ask for a new sign-in link',
    confirmTitle: 'Confirm sign-in',
    confirm: (email: string) => `You are signing in as ${email}. Press the button to go on.`,
    confirmButton: 'Sign in',
    pausedTitle: 'Please wait',
    paused: (wait: string) => `Too many sign-in links were asked for. Try again in ${wait}.`,
    busy: 'Many sign-ins are under way at once. Try again in a moment.',
    refusedTitle: 'Sign-in did not work',
    notAvailable: 'The customer portal is not enabled on this desk (it has no keys to sign links with).',
    formRefused: 'This form did not come from this window, or it expired. Nothing changed; fill in the form again.',
    signOut: 'Sign out',
    signedOutTitle: 'You are signed out',
    signedOut: 'Your session has ended.',
    minutes: (n: number) => `${n} minute${n === 1 ? '' : 's'}`,
    seconds: (n: number) => `${n} seconds`,
  },
};

/** "in 2 minutes" as a customer reads it. */
export const waitWords = (language: Language, seconds: number) =>
  seconds < 60 ? portalWords[language].seconds(seconds) : portalWords[language].minutes(Math.ceil(seconds / 60));

/** The link to this page in the other language. */
function LanguageSwitch({ language, path }: { language: Language; path: string }) {
  const other = portalWords[language].other;
  return (
    <p>
      <a href={`${path}?lang=${other.lang}`} lang={other.lang} hrefLang={other.lang}>
        {other.label}
      </a>
    </p>
  );
}

export interface PortalFrame {
  policy: Policy;
  language: Language;
  /** This page's path, for the language switch. */
  path: string;
  /** Signed in: the sign-out form's CSRF token. */
  signOutCsrf?: string;
}

/** The portal's navigation: the language switch and, signed in, the sign-out button. */
export function PortalNav({ frame }: { frame: PortalFrame }) {
  const w = portalWords[frame.language];
  return (
    <nav aria-label={frame.language === 'nl' ? 'Portaal' : 'Portal'}>
      <LanguageSwitch language={frame.language} path={frame.path} />
      {frame.signOutCsrf ? (
        <form method="post" action="/portal/sign-out">
          <input type="hidden" name="csrf" value={frame.signOutCsrf} />
          <button type="submit">{w.signOut}</button>
        </form>
      ) : null}
    </nav>
  );
}

/** Every portal page: the link layout with the language switch, and, signed in, the sign-out button. */
export function portalPage(frame: PortalFrame, title: string, children: ComponentChildren): string {
  return renderDocument(
    <LinkLayout language={frame.language} title={title} contact={deskContactOf(frame.policy)}>
      <PortalNav frame={frame} />
      {children}
    </LinkLayout>,
  );
}

const ErrorText = ({ id, text }: { id: string; text?: string }) =>
  text ? (
    <p id={id} role="alert">
      <strong>{text}</strong>
    </p>
  ) : null;

export function signInFormPage(frame: PortalFrame, csrf: string, options: { error?: string; email?: string } = {}) {
  const w = portalWords[frame.language];
  return portalPage(
    frame,
    w.signInTitle,
    <>
      <p>{w.signInIntro}</p>
      <ErrorText id="email-error" text={options.error} />
      <form method="post" action="/portal/sign-in">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="lang" value={frame.language} />
        <p>
          <label for="email">{w.email}</label>
          <br />
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxLength={254}
            value={options.email ?? ''}
            {...(options.error ? { 'aria-invalid': 'true', 'aria-describedby': 'email-error' } : {})}
          />
        </p>
        <div class="actions">
          <button type="submit">{w.send}</button>
        </div>
      </form>
    </>,
  );
}

/** After a request: the same words for every address, and the code form bound to this browser's attempt. */
export function sentPage(frame: PortalFrame, csrf: string, email: string, error?: string) {
  const w = portalWords[frame.language];
  return portalPage(
    frame,
    w.sentTitle,
    <>
      <p>{w.sent(email)}</p>
      <p>{w.codeIntro}</p>
      <ErrorText id="code-error" text={error} />
      <form method="post" action="/portal/code">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="lang" value={frame.language} />
        <p>
          <label for="code">{w.code}</label>
          <br />
          <input
            id="code"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
            {...(error ? { 'aria-invalid': 'true', 'aria-describedby': 'code-error' } : {})}
          />
        </p>
        <div class="actions">
          <button type="submit">{w.useCode}</button>
        </div>
      </form>
      <p>
        <a href={`/portal?lang=${frame.language}`}>{w.again}</a>
      </p>
    </>,
  );
}

/** The page behind a sign-in link: shows whom it signs in, and the button that does. */
export function confirmPage(frame: PortalFrame, csrf: string, token: string, email: string) {
  const w = portalWords[frame.language];
  return portalPage(
    frame,
    w.confirmTitle,
    <>
      <p>{w.confirm(email)}</p>
      <form method="post" action={`/portal/sign-in/${token}`}>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="lang" value={frame.language} />
        <div class="actions">
          <button type="submit">{w.confirmButton}</button>
        </div>
      </form>
    </>,
  );
}

/** Why something was refused, and the way back to the sign-in form. */
export function messagePage(frame: PortalFrame, title: string, text: string) {
  const w = portalWords[frame.language];
  return portalPage(
    frame,
    title,
    <>
      <p>{text}</p>
      <p>
        <a href={`/portal?lang=${frame.language}`}>{w.again}</a>
      </p>
    </>,
  );
}

export { htmlResponse };

/** 303 to a portal page; the locations are the portal's own, built here, never a caller's. */
export const portalRedirect = (
  location: `/portal${string}`,
  cookies: string[] = [],
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
  ...(cookies.length ? { cookies } : {}),
});
