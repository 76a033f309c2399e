// A customer's answer through a verified link, as the engine takes it: the link's event, stamped
// as theirs through the link (its action, content hash and nonce), with the link's use claimed in
// the same commit, so a link works once.
import type { LinkClaims } from '../../workflows/links/link-token';
import { linkEvent } from '../../workflows/links/link-rules';
import { linkUseItem } from '../intake/intake-store';
import type { Applied, TicketService } from '../lifecycle/ticket-service';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';

export function answerLink(
  service: Pick<TicketService, 'apply'>,
  claims: LinkClaims,
  at: number,
  known?: TicketHead,
): Promise<Applied> {
  const use = linkUseItem(claims.nonce, {
    ticketId: claims.ticketId,
    action: claims.action,
    at,
    expiresAt: claims.expiresAt,
  });
  return service.apply(
    claims.ticketId,
    linkEvent(claims),
    {
      actor: { type: 'customer', id: claims.recipient },
      channel: 'link',
      link: { action: claims.action, contentHash: claims.contentHash, nonce: claims.nonce },
    },
    { claims: [use] },
    known,
  );
}
