// The middy stack every signed-in console route shares. A session is valid when its signed cookie
// verifies and its item in the table is live (console-auth.ts). GET/HEAD without one goes to
// the sign-in page; a POST without a valid session AND the session's CSRF token is refused with a
// page that says why (403) before the handler runs, so it changes nothing. Forms only
// (application/x-www-form-urlencoded, or multipart/form-data where a form uploads files), size-limited.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Desk } from '../desk';
import { cameOverHttps, sessionKeysFrom, type ConsoleSession, type SessionRefusal } from '../console/console-session';
import { tableSessionAuth, type ConsoleAuth } from '../console/console-auth';
import { createConsoleSessionStore } from '../console/console-session-store';
import { consolePage, htmlResponse, refusalPage, safeNext, seeOther, type Chrome } from '../console/console-pages';
import { TicketNotFoundError } from '../lifecycle/ticket-store';
import { InvalidPathParameterError } from './path-params';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/store-unavailable';
import { publicEndpoint } from './agent-endpoint';
import { identityOfSession, type AgentIdentity } from './agent-identity';
import { MAX_JSON_BODY_BYTES } from './json-body';
import { isMultipart, MultipartProblem, readMultipart } from '../files/file-upload';
import type { OfferedFile } from '../../workflows/files/file-rules';

export interface ConsoleRequest {
  event: APIGatewayProxyEventV2;
  session: ConsoleSession;
  /** The signed-in agent (name, teams), as `agentIdentityOf` gives it. */
  agent: AgentIdentity;
  /** The page frame for this session: its CSRF token and who is signed in. */
  chrome: Chrome & { csrf: string };
  auth: ConsoleAuth;
  /** The CSRF token this session's forms carry. */
  csrf: string;
  /** The posted form (POST only). */
  form: URLSearchParams;
  /** The files a multipart form posted (judged and stored by the handler that takes them). */
  files: OfferedFile[];
  secure: boolean;
}

type ConsoleHandler = (request: ConsoleRequest) => Promise<APIGatewayProxyStructuredResultV2>;

/** The console's keys: from the link signing keys (rotating with them) bound to every agent's token. Read per request, since keys rotate. */
export const consoleKeysOf = (desk: Desk) =>
  sessionKeysFrom({ agentTokens: desk.agentCredentials.map((c) => c.token), linkKeys: desk.links?.keys });

/**
 * The session port as configured here: a signed cookie naming an item in the desk's table.
 * Sessions run on wall-clock time, not the desk's clock: an accelerated demo clock must not end a
 * sign-in within minutes.
 */
export const consoleAuthOf = (desk: Desk, now: () => number = Date.now): ConsoleAuth =>
  tableSessionAuth(consoleKeysOf(desk), createConsoleSessionStore(desk.table.client, desk.table.tableName), now);

const sessionWhy = new Map<SessionRefusal, string>([
  ['missing', 'You are not signed in (no console session came with the request).'],
  ['malformed', 'The console session cookie is not one this desk issued.'],
  ['unknown-key', 'The console session was signed with a key this desk no longer has; sign in again.'],
  ['bad-signature', 'The console session cookie has been altered or was signed with another key; sign in again.'],
  ['expired', 'Your console session has expired; sign in again.'],
  ['signed-out', 'This console session was signed out; sign in again.'],
  [
    'unknown-session',
    'This console session is not known to the desk (it ended, or was never started here); sign in again.',
  ],
]);

/** Why there is no session, in words; for `?why=` on the sign-in page too (unknown values: none). */
export const sessionRefusalText = (reason: string | undefined) => sessionWhy.get(reason as SessionRefusal);

export class FormProblem extends Error {
  override readonly name = 'FormProblem';
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function readForm(event: APIGatewayProxyEventV2): URLSearchParams {
  const type = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new FormProblem(415, 'The console takes HTML form posts (application/x-www-form-urlencoded) only.');
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw) > MAX_JSON_BODY_BYTES)
    throw new FormProblem(413, `The form is over ${MAX_JSON_BODY_BYTES} bytes.`);
  return new URLSearchParams(raw);
}

/** The posted form, or the page that says why it was not accepted (wrong type, too large). */
export function readFormOrRefusal(
  event: APIGatewayProxyEventV2,
): { form: URLSearchParams; refusal?: undefined } | { refusal: APIGatewayProxyStructuredResultV2 } {
  try {
    return { form: readForm(event) };
  } catch (error) {
    if (error instanceof FormProblem)
      return { refusal: htmlResponse(error.status, refusalPage('Not accepted', error.reason)) };
    throw error;
  }
}

/** The page that says why a post was not taken (its status and the reason); the console's by default. */
export type PostRefusal = (status: number, reason: string) => APIGatewayProxyStructuredResultV2;
const consoleRefusal: PostRefusal = (status, reason) => htmlResponse(status, refusalPage('Not accepted', reason));

/** A post: a form, or a multipart form with files (bounded by the policy's upload limit); or the refusal that says why not. */
export async function readPostOrRefusal(
  desk: Desk,
  event: APIGatewayProxyEventV2,
  refuse: PostRefusal = consoleRefusal,
): Promise<
  { form: URLSearchParams; files: OfferedFile[]; refusal?: undefined } | { refusal: APIGatewayProxyStructuredResultV2 }
> {
  try {
    if (!isMultipart(event)) return { form: readForm(event), files: [] };
    const { fields, files } = await readMultipart(event, desk.policy.files);
    return { form: fields, files };
  } catch (error) {
    if (error instanceof FormProblem || error instanceof MultipartProblem)
      return { refusal: refuse(error.status, error instanceof FormProblem ? error.reason : error.message) };
    throw error;
  }
}

/** Sign-in, then back here: the way back is checked like every console redirect (safeNext). */
function signInFor(event: APIGatewayProxyEventV2, reason: SessionRefusal): string {
  const next = encodeURIComponent(
    safeNext(`${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`),
  );
  // No session at all needs no explaining; a session that stopped working does.
  return `/console/sign-in?next=${next}${reason === 'missing' ? '' : `&why=${reason}`}`;
}

export function consoleEndpoint(desk: Desk, handler: ConsoleHandler, now?: () => number) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const auth = consoleAuthOf(desk, now);
    // Sessions live in the table: a store that does not answer is the same page as anywhere else.
    let check: Awaited<ReturnType<typeof auth.check>>;
    try {
      check = await auth.check(event);
    } catch (error) {
      return await guarded({}, () => Promise.reject(error));
    }
    const secure = cameOverHttps(event);
    const method = event.requestContext.http.method;
    if (method === 'GET' || method === 'HEAD') {
      if (!check.ok) return seeOther(signInFor(event, check.reason));
      const csrf = auth.csrfToken(check.session);
      const agent = identityOfSession(desk.policy, check.session);
      const chrome = { csrf, agentId: agent.id, agentName: agent.name };
      return await guarded(chrome, () =>
        handler({
          event,
          session: check.session,
          agent,
          chrome,
          auth,
          csrf,
          form: new URLSearchParams(),
          files: [],
          secure,
        }),
      );
    }
    const read = await readPostOrRefusal(desk, event);
    if (read.refusal) return read.refusal;
    const { form, files } = read;
    if (!check.ok)
      return htmlResponse(
        403,
        refusalPage('Refused: not signed in', sessionWhy.get(check.reason)!, {}, '/console/sign-in'),
      );
    const csrf = auth.csrfToken(check.session);
    const agent = identityOfSession(desk.policy, check.session);
    const chrome = { csrf, agentId: agent.id, agentName: agent.name };
    if (!auth.csrfValid(check.session, form.get('csrf'))) {
      const why = form.get('csrf')
        ? "The form's CSRF token does not belong to your session (a form from another session or site?)."
        : 'The form carried no CSRF token, so it cannot be told apart from a forged request.';
      return htmlResponse(
        403,
        refusalPage(
          'Refused: form not from this console',
          `${why} Reload the page and submit the form again.`,
          chrome,
          '/console',
        ),
      );
    }
    return await guarded(chrome, () =>
      handler({ event, session: check.session, agent, chrome, auth, csrf, form, files, secure }),
    );
  }, desk);
}

const BackToQueue = () => (
  <p>
    <a href="/console">Back to the queue</a>
  </p>
);

/** Errors a console page can explain stay pages (an unreachable store: 503); anything else is the usual problem document (500). */
async function guarded(
  chrome: Chrome,
  run: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidPathParameterError)
      return htmlResponse(
        400,
        consolePage(
          error.parameter === 'id' ? 'Not a ticket number' : 'Not accepted',
          <>
            <p>{error.message}.</p>
            <BackToQueue />
          </>,
          chrome,
        ),
      );
    if (error instanceof TicketNotFoundError)
      return htmlResponse(
        404,
        consolePage(
          'Not found',
          <>
            <p>There is no ticket {error.ticketId}.</p>
            <BackToQueue />
          </>,
          chrome,
        ),
      );
    if (isStoreUnavailable(error)) {
      const page = refusalPage(
        'Temporarily unavailable',
        `The desk cannot reach its store right now. Try again in ${STORE_RETRY_AFTER_SECONDS} seconds.`,
        chrome,
      );
      return htmlResponse(503, page, { headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) } });
    }
    const busy = error as { statusCode?: number; expose?: boolean; message?: string };
    if (busy.statusCode === 503 && busy.expose)
      return htmlResponse(
        503,
        refusalPage('Busy', `${busy.message ?? 'The desk is busy'}. Try again in a moment.`, chrome),
        { headers: { 'retry-after': '1' } },
      );
    throw error;
  }
}
