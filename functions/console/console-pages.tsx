// The agent console's page frame and its small pages (sign-in, refusals), as components: no
// external assets, no script, every value escaped by Preact, labels on every control, a skip
// link and visible focus. The queue and the ticket page build on `consolePage`.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ComponentChildren } from 'preact';
import type { Policy } from '../../workflows/policy/policy';
import { stateTitle } from '../../workflows/lifecycle/state-titles';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { formatsFor, type Formats } from '../views/formats';
import { renderDocument } from '../views/render';

export const consoleHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export function htmlResponse(
  statusCode: number,
  body: string,
  options: { cookies?: string[]; headers?: Record<string, string> } = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...consoleHeaders, ...(options.headers ?? {}) },
    body,
    ...(options.cookies?.length ? { cookies: options.cookies } : {}),
  };
}

/**
 * 303 See Other: after a POST the browser GETs the page, so a reload never re-submits. Every
 * target goes through `safeNext`, so no redirect the console builds from input leaves it.
 */
export const seeOther = (location: string, cookies: string[] = []): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { location: safeNext(location), 'cache-control': 'no-store' },
  body: '',
  ...(cookies.length ? { cookies } : {}),
});

const style = `:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--bad:#a40e26;--bad-bg:#ffebe9;--warn:#7d4e00;--warn-bg:#fff8c5;--ok-bg:#dafbe1}
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:var(--ink);margin:0;line-height:1.45}
a{color:var(--accent)}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem}
header.bar{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f6f8fa}
header.bar .brand{font-weight:700;margin-right:auto}header.bar form{margin:0}
main{padding:1rem;max-width:78rem;margin:0 auto}h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
caption{text-align:left;font-weight:600;padding:.3rem 0}
button,input,select,textarea{font:inherit}button{padding:.35rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
button.quiet{background:#fff;color:var(--accent)}input,select,textarea{padding:.3rem;border:1px solid #8c959f;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:4rem}label{font-weight:600;display:block;margin:.5rem 0 .15rem}fieldset{border:1px solid var(--line);border-radius:6px;margin:.5rem 0}
legend{font-weight:600}.inline label{display:inline;font-weight:400;margin-right:1rem}
.flash{padding:.6rem .8rem;border-radius:6px;margin:.5rem 0 1rem;background:var(--ok-bg)}.error{background:var(--bad-bg);color:var(--bad)}
.field-error{color:var(--bad);font-weight:600;display:block}.hint{color:var(--muted);font-size:.9em}
.mark{display:inline-block;font-weight:700;font-size:.8em;padding:0 .4em;border-radius:4px;margin-right:.3em}
.mark.breached{background:var(--bad);color:#fff}.mark.at-risk{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn)}
.mark.mail-failed{background:var(--bad);color:#fff}.warn-text{color:var(--warn)}
section.mail-failures{border:2px solid var(--bad);background:var(--bad-bg);border-radius:6px;padding:0 1rem .5rem;margin:.5rem 0 1rem}
section.mail-failures h2{color:var(--bad)}section.mail-failures form{margin:.2rem 0 .6rem}
tr.breached{background:var(--bad-bg)}tr.at-risk{background:var(--warn-bg)}.muted{color:var(--muted)}
.filters{display:flex;gap:1rem;align-items:flex-end;flex-wrap:wrap}.filters label{margin:0}
.actions{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem}.actions form{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem 1rem}
.actions form.wide{grid-column:1/-1}.actions h3{margin:.3rem 0;font-size:1rem}
fieldset.row-fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:0 1rem;align-items:end}
fieldset.row-fields input,fieldset.row-fields select{width:100%}
.diagram{overflow:auto;max-height:48rem;border:1px solid var(--line);border-radius:6px;background:#fff;position:relative;
width:max-content;max-width:calc(100vw - 3rem);left:50%;transform:translateX(-50%)}
.diagram svg{max-width:none!important;display:block}
.form-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1rem}.form-grid .full{grid-column:1/-1}.form-grid input,.form-grid select{width:100%}
details.register{border:1px solid var(--line);border-radius:6px;padding:.4rem 1rem;margin:0 0 1rem}
details.register>summary{font-weight:600;cursor:pointer;padding:.2rem 0}details.register[open]>summary{margin-bottom:.3rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
ol.timeline{list-style:none;padding:0}ol.timeline>li{border-left:3px solid var(--line);padding:.2rem .8rem .6rem;margin-bottom:.3rem}
ol.timeline .what{font-weight:600}ol.timeline ul{margin:.2rem 0;padding-left:1.2rem}pre{white-space:pre-wrap;margin:.2rem 0;font-family:inherit}
ol.timeline>li.customer,ol.timeline>li.vendor{border-left-color:var(--accent)}ol.timeline .entry-head{margin:.1rem 0}
ol.timeline>li.internal{border:1px dashed var(--warn);border-left:6px solid var(--warn);background:var(--warn-bg);border-radius:4px}
.mark.internal{background:#fff;color:var(--warn);border:1px solid var(--warn)}.mark.new-reply{background:var(--accent);color:#fff}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure.words{margin:.3rem 0}figure.words figcaption{font-size:.85em;color:var(--muted)}
figure.words blockquote{margin:0;padding:.3rem .7rem;border-left:3px solid var(--line);background:#f6f8fa;white-space:pre-wrap;overflow-wrap:anywhere}
dl.event-facts{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.2rem 0}dl.event-facts dt{font-weight:600}dl.event-facts dd{margin:0}
table.lines{width:auto;min-width:min(34rem,100%)}.num{text-align:right}
dl.mail-headers{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dl.mail-headers dt{font-weight:600}dl.mail-headers dd{margin:0;overflow-wrap:anywhere}
.mail-text{border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem;white-space:pre-wrap;overflow-wrap:anywhere}
`;

export interface Chrome {
  /** Signed in: the nav with sign-out (a POST carrying the CSRF token). */
  csrf?: string;
  agentId?: string;
  /** Who is signed in, by name (the policy's); the id when there is none. */
  agentName?: string;
}

/** The console's frame: skip link, the bar (with sign-out when signed in), the title as heading. */
function ConsoleLayout({
  title,
  chrome,
  refresh,
  children,
}: {
  title: string;
  chrome: Chrome;
  refresh?: string;
  children: ComponentChildren;
}) {
  return (
    <html lang="en">
      <head>
        {refresh ? <meta http-equiv="refresh" content={`0;url=${refresh}`} /> : null}
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} — Service desk console`}</title>
        {/* A constant of this module, never input: CSS needs its `>` unescaped. */}
        <style dangerouslySetInnerHTML={{ __html: style }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="bar">
          <span class="brand">Service desk console</span>
          {chrome.csrf ? (
            <>
              <nav aria-label="Console">
                <a href="/console">Queue</a> <a href="/console/quarantine">Quarantine</a>{' '}
                <a href="/console/reports">Reports</a>
              </nav>
              <form method="get" action="/console/search" role="search">
                <label for="bar-search" class="visually-hidden">
                  Search tickets
                </label>
                <input id="bar-search" name="q" type="search" placeholder="Search tickets" maxLength={500} />{' '}
                <button type="submit">Search</button>
              </form>
              <span class="muted">Signed in as {chrome.agentName ?? chrome.agentId ?? ''}</span>
              <form method="post" action="/console/sign-out">
                <CsrfField csrf={chrome.csrf} />
                <button type="submit" class="quiet">
                  Sign out
                </button>
              </form>
            </>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** The hidden field every console POST carries. */
export const CsrfField = ({ csrf }: { csrf: string }) => <input type="hidden" name="csrf" value={csrf} />;

/** A console page as a document; `refresh` moves the browser on (the Cognito sign-in's last page). */
export function consolePage(title: string, body: ComponentChildren, chrome: Chrome = {}, refresh?: string): string {
  return renderDocument(
    <ConsoleLayout title={title} chrome={chrome} refresh={refresh}>
      {body}
    </ConsoleLayout>,
  );
}

/** The console's formats: agents read English, instants in the desk policy's time zone. */
export const consoleFormats = (policy: Policy): Formats => formatsFor('en', policy.businessHours.timeZone);

export function signInPage(options: {
  loginCsrf: string | null;
  next: string;
  error?: string;
  cognito?: boolean;
}): string {
  const error = options.error ? (
    <p class="flash error" role="alert">
      {options.error}
    </p>
  ) : null;
  const cognito = options.cognito ? (
    <p>
      <a href="/console/sign-in/cognito">Sign in with your desk account</a>
    </p>
  ) : null;
  if (!options.loginCsrf) {
    if (cognito)
      return consolePage(
        'Sign in',
        <>
          {error}
          {cognito}
        </>,
      );
    const none =
      'Token sign-in is not enabled here: this desk has no agent token, and sign-in through a Cognito user pool is not configured.';
    return consolePage(
      'Sign in',
      <>
        {error}
        <p>{none}</p>
      </>,
    );
  }
  return consolePage(
    'Sign in',
    <>
      {error}
      {cognito}
      <form method="post" action="/console/sign-in">
        <CsrfField csrf={options.loginCsrf} />
        <input type="hidden" name="next" value={options.next} />
        <label for="token">Agent token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required size={40} autofocus />
        <p class="hint">
          The token <code>npm start</code> printed (or <code>AGENT_TOKEN</code>).
        </p>
        <button type="submit">Sign in</button>
      </form>
    </>,
  );
}

/** A refusal page: what was refused, why, and that nothing changed. */
export function refusalPage(title: string, reason: string, chrome: Chrome = {}, next?: string): string {
  return consolePage(
    title,
    <>
      <p class="flash error" role="alert">
        {reason}
      </p>
      <p>Nothing was changed.</p>
      {next ? (
        <p>
          <a href={next}>Continue</a>
        </p>
      ) : null}
    </>,
    chrome,
  );
}

/** A lifecycle stage in words, outer state first: `withThirdParty.followingUp` → "With third party › Following up the vendor". */
export function stageTitle(machine: TicketMachine, stage: string): string {
  const parts = stage.split('.');
  return parts.map((_, i) => stateTitle(machine, parts.slice(0, i + 1).join('.')).en).join(' › ');
}

const CONSOLE_HOME = '/console';
/** A base no browser can reach: only a path-absolute reference can resolve to its origin. */
const NOWHERE = 'http://console.invalid';
/** What one decoded path segment may hold: ticket ids, route names. Not empty, no `;`, no `%`. */
const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,=:@-]+$/;

/**
 * Where the console may send a browser (after sign-in, or any 303 it answers): a path inside the
 * console, read as a browser resolves it, else /console. The WHATWG URL parser does the browser's
 * part (%2e%2e is `..`, dot segments resolve, a backslash is a slash); control characters (which a
 * browser drops, turning `/\t/host` into `//host`) and backslashes are refused before it runs, and
 * each resolved segment is decoded once more, so an encoded slash, backslash, dot segment or a
 * second layer of encoding (which a proxy might resolve after us) cannot leave the console either.
 */
export function safeNext(value: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (!value || value.length > 2048 || !value.startsWith('/') || /[\u0000-\u0020\u007f-\u009f\\]/.test(value))
    return CONSOLE_HOME;
  let url: URL;
  try {
    url = new URL(value, NOWHERE);
  } catch {
    return CONSOLE_HOME;
  }
  if (url.origin !== NOWHERE || (url.pathname !== CONSOLE_HOME && !url.pathname.startsWith(`${CONSOLE_HOME}/`)))
    return CONSOLE_HOME;
  const segments = url.pathname.split('/').slice(2);
  const plain = (segment: string) => {
    try {
      const decoded = decodeURIComponent(segment);
      return decoded !== '.' && decoded !== '..' && SEGMENT.test(decoded);
    } catch {
      return false;
    }
  };
  return segments.every(plain) ? `${url.pathname}${url.search}${url.hash}` : CONSOLE_HOME;
}

/** The last page of a Cognito sign-in: it moves on to the console by itself (a same-site navigation). */
export const cognitoSignedInPage = (name: string) =>
  consolePage(
    'Signed in',
    <>
      <p>Signed in as {name}.</p>
      <p>
        <a href="/console">Continue to the console</a>
      </p>
    </>,
    {},
    '/console',
  );
