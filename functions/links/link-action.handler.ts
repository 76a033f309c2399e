// POST /v1/links/{token} — the customer's answer. Applied through the engine with the link's nonce
// claimed in the same transaction, so a link works once; a stale one does nothing and says why.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LinkAction } from '../../workflows/links/link-token';
import { linkEvent } from '../../workflows/links/link-rules';
import { publicEndpoint } from '../http/agent-endpoint';
import { linkUseItem } from '../intake/intake-store';
import { checkLink } from './link-check';
import { linkTokenOf } from '../http/path-params';
import { donePage, linkPageResponse, refusalPage } from './link-views';
import { DuplicateClaimError } from '../lifecycle/ticket-store';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';

export function makeLinkActionHandler(desk: Desk) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const links = desk.links;
    if (!links) return linkPageResponse(404, refusalPage('nl', 'malformed'));
    const token = linkTokenOf(event);
    if (token === null) return linkPageResponse(400, refusalPage('nl', 'malformed'));
    const state = await checkLink(desk, links.keys, token, event);
    if (state.kind === 'refused') return linkPageResponse(state.status, refusalPage(state.language, state.refusal));
    if (state.kind === 'used')
      return linkPageResponse(
        410,
        donePage(
          state.language,
          state.use.action as LinkAction,
          state.use.ticketId,
          state.use.at,
          true,
          desk.policy.businessHours.timeZone,
        ),
      );
    const { claims, language } = state;
    const at = desk.clock.now();
    const use = linkUseItem(claims.nonce, {
      ticketId: claims.ticketId,
      action: claims.action,
      at,
      expiresAt: claims.expiresAt,
    });
    try {
      const applied = await desk.service.apply(
        claims.ticketId,
        linkEvent(claims),
        {
          actor: { type: 'customer', id: claims.recipient },
          channel: 'link',
          link: { action: claims.action, contentHash: claims.contentHash, nonce: claims.nonce },
        },
        { claims: [use] },
      );
      if (applied.ok)
        return linkPageResponse(
          200,
          donePage(language, claims.action, claims.ticketId, at, false, desk.policy.businessHours.timeZone),
        );
    } catch (error) {
      if (!(error instanceof DuplicateClaimError)) throw error;
    }
    // Refused: a click that lost the race to this very link hears "already done", not "moved on".
    const used = await desk.intake.linkUse(claims.nonce);
    if (used)
      return linkPageResponse(
        410,
        donePage(
          language,
          used.action as LinkAction,
          claims.ticketId,
          used.at,
          true,
          desk.policy.businessHours.timeZone,
        ),
      );
    return linkPageResponse(409, refusalPage(language, 'moved-on'));
  }, desk);
}

export const handler = makeLinkActionHandler(deskInAws());
