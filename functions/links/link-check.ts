// Checks a customer link against the desk as it is now: signature and expiry, the ticket, whether
// the link was used, and whether what it stood for still applies. Shared by the page and the action.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyLink, type LinkAction, type LinkClaims, type LinkKeys } from '../../workflows/links/link-token';
import { staleReason } from '../../workflows/links/link-rules';
import type { Language } from '../../workflows/policy/policy';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { allowedEvents } from '../../workflows/lifecycle/ticket-step';
import type { Desk } from '../desk';
import { linkTokenOf } from '../http/path-params';
import { donePage, linkPageResponse, refusalPage, type RefusalKind } from './link-views';

export type LinkState =
  | { kind: 'refused'; status: number; refusal: RefusalKind; language: Language }
  | { kind: 'used'; claims: LinkClaims; language: Language; use: { ticketId: string; action: string; at: number } }
  | { kind: 'open'; claims: LinkClaims; language: Language; head: TicketHead };

const languageOf = (event: APIGatewayProxyEventV2): Language =>
  /^\s*en/i.test(event.headers?.['accept-language'] ?? '') ? 'en' : 'nl';

export async function checkLink(
  desk: Desk,
  keys: LinkKeys,
  token: string,
  event: APIGatewayProxyEventV2,
): Promise<LinkState> {
  const fallback = languageOf(event);
  const verified = verifyLink(keys, token, Math.floor(desk.clock.now() / 1000));
  if (!verified.ok) {
    if (verified.reason === 'expired') {
      // Signed but expired: its ticket is known, so the page speaks the ticket's language.
      const head = verified.claims ? await desk.store.getHead(verified.claims.ticketId) : null;
      return {
        kind: 'refused',
        status: 410,
        refusal: 'expired',
        language: head?.language === 'en' ? 'en' : head ? 'nl' : fallback,
      };
    }
    return verified.reason === 'malformed'
      ? { kind: 'refused', status: 400, refusal: 'malformed', language: fallback }
      : { kind: 'refused', status: 403, refusal: 'forbidden', language: fallback };
  }
  const { claims } = verified;
  const head = await desk.store.getHead(claims.ticketId);
  if (!head) return { kind: 'refused', status: 404, refusal: 'unknown-ticket', language: fallback };
  const language = head.language === 'en' ? 'en' : head.language === 'nl' ? 'nl' : fallback;
  const use = await desk.intake.linkUse(claims.nonce);
  if (use) return { kind: 'used', claims, language, use };
  const stale = staleReason(claims, head.snapshot.context, desk.policy, allowedEvents(desk.machine, head.snapshot));
  if (stale) return { kind: 'refused', status: 409, refusal: stale, language };
  return { kind: 'open', claims, language, head };
}

export type OpenLink = Extract<LinkState, { kind: 'open' }> & { keys: LinkKeys; baseUrl: string; token: string };

/**
 * The link a request carries, open to be answered; or the page that says why it is not (no link
 * keys here, not a token, refused, already used). The page and the action share this preamble.
 */
export async function openLinkOf(
  desk: Desk,
  event: APIGatewayProxyEventV2,
): Promise<{ ok: true; link: OpenLink } | { ok: false; response: APIGatewayProxyStructuredResultV2 }> {
  const links = desk.links;
  if (!links) return { ok: false, response: linkPageResponse(404, refusalPage('nl', 'malformed', desk.policy)) };
  const token = linkTokenOf(event);
  if (token === null)
    return { ok: false, response: linkPageResponse(400, refusalPage('nl', 'malformed', desk.policy)) };
  const state = await checkLink(desk, links.keys, token, event);
  if (state.kind === 'refused') {
    return {
      ok: false,
      response: linkPageResponse(state.status, refusalPage(state.language, state.refusal, desk.policy)),
    };
  }
  if (state.kind === 'used') return { ok: false, response: usedLinkResponse(desk, state.language, state.use) };
  return { ok: true, link: { ...state, keys: links.keys, baseUrl: links.baseUrl, token } };
}

/** "Already done", with what and when: a used link, or a click that lost the race to it. */
export const usedLinkResponse = (
  desk: Desk,
  language: Language,
  use: { ticketId: string; action: string; at: number },
) => linkPageResponse(410, donePage(language, use.action as LinkAction, use.ticketId, use.at, true, desk.policy));
