// POST /v1/links/{token} — the customer's answer. Applied through the engine with the link's nonce
// claimed in the same transaction, so a link works once; a stale one does nothing and says why.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { publicEndpoint } from '../http/agent-endpoint';
import { answerLink } from './link-answer';
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
    try {
      const applied = await answerLink(desk.service, claims, at);
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
