// POST /v1/links/{token} — the customer's answer. Applied through the engine with the link's nonce
// claimed in the same transaction, so a link works once; a stale one does nothing and says why.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { linkEvent } from '../../workflows/links/link-rules';
import { publicEndpoint } from '../http/agent-endpoint';
import { linkUseItem } from '../intake/intake-store';
import { openLinkOf, usedLinkResponse } from './link-check';
import { donePage, linkPageResponse, refusalPage } from './link-views';
import { DuplicateClaimError } from '../lifecycle/ticket-store';
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';

export function makeLinkActionHandler(desk: Desk) {
  return publicEndpoint(async (event: APIGatewayProxyEventV2) => {
    const opened = await openLinkOf(desk, event);
    if (!opened.ok) return opened.response;
    const { claims, language } = opened.link;
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
        return linkPageResponse(200, donePage(language, claims.action, claims.ticketId, at, false, desk.policy));
    } catch (error) {
      if (!(error instanceof DuplicateClaimError)) throw error;
    }
    // Refused: a click that lost the race to this very link hears "already done", not "moved on".
    const used = await desk.intake.linkUse(claims.nonce);
    if (used) return usedLinkResponse(desk, language, { ...used, ticketId: claims.ticketId });
    return linkPageResponse(409, refusalPage(language, 'moved-on', desk.policy));
  }, desk);
}

export const handler = makeLinkActionHandler(deskInAws());
