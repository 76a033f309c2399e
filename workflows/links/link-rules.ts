// What a customer link stands for: the content it binds (hashed into the token), the event it
// becomes, and whether it still applies to the ticket as it is now. Pure.
import { contentHashOf, type LinkAction, type LinkClaims } from './link-token';
import type { Policy } from '../policy/policy';
import type { TicketContext } from '../lifecycle/ticket-machine';
import type { TicketEventInput } from '../lifecycle/ticket-events';
import { writtenChangeContent } from '../lifecycle/written-change';

/** Links that decide the same question share a nonce: deciding once uses both up. */
export const linkGroupOf = (action: LinkAction) =>
  action === 'approve_quote' || action === 'decline_quote'
    ? 'quote'
    : action === 'consent_onsite' || action === 'decline_onsite'
      ? 'consent'
      : action === 'confirm_in_writing'
        ? 'writing'
        : 'resolution';

/** The answers that say yes; each question's other answer is its sibling. */
export const isAffirmative = (action: LinkAction) =>
  ['approve_quote', 'consent_onsite', 'confirm_resolution', 'confirm_change', 'confirm_in_writing'].includes(action);

/** The other answer to the same question, offered on the same page (a written confirmation has none: not confirming is the other). */
export const siblingOf: Partial<Record<LinkAction, LinkAction>> = {
  approve_quote: 'decline_quote',
  decline_quote: 'approve_quote',
  consent_onsite: 'decline_onsite',
  decline_onsite: 'consent_onsite',
  confirm_resolution: 'reopen',
  confirm_change: 'reopen',
};

/** What a quote's link binds: the ticket, the quote's version, lines and total. */
export function quoteLinkContent(context: Pick<TicketContext, 'id' | 'quote'>): { ref: number; content: unknown } {
  return {
    ref: context.quote?.version ?? 0,
    content: {
      ticket: context.id,
      version: context.quote?.version,
      lines: context.quote?.lines,
      totalCents: context.quote?.totalCents,
    },
  };
}

/** What an on-site consent link binds: the ticket, the hourly rate in force and the visits before it. */
export function consentLinkContent(
  context: Pick<TicketContext, 'id' | 'visits'>,
  hourlyRateCents: number,
): { ref: number; content: unknown } {
  return {
    ref: context.visits.length,
    content: { ticket: context.id, hourlyRateCents, visits: context.visits.length },
  };
}

/** Exactly what the page shows and the customer agrees to. */
export function linkContent(
  action: LinkAction,
  context: TicketContext,
  policy: Policy,
): { ref: number; content: unknown } {
  switch (linkGroupOf(action)) {
    case 'quote':
      return quoteLinkContent(context);
    case 'consent':
      return consentLinkContent(context, policy.rates.onSiteHourlyCents);
    case 'writing':
      // The registered subject and description: a link made before either changed no longer applies.
      return { ref: 0, content: writtenChangeContent(context) };
    default:
      return {
        ref: context.resolvedAt ?? 0,
        content: { ticket: context.id, resolvedAt: context.resolvedAt, resolution: context.resolution },
      };
  }
}

export function linkEvent(claims: LinkClaims): TicketEventInput {
  switch (claims.action) {
    case 'approve_quote':
      return { type: 'QUOTE_APPROVED', quoteVersion: claims.ref };
    case 'decline_quote':
      return { type: 'QUOTE_DECLINED', quoteVersion: claims.ref, reason: 'Declined through the link' };
    case 'consent_onsite':
      return { type: 'CONSENT_GIVEN' };
    case 'decline_onsite':
      return { type: 'CONSENT_DECLINED', reason: 'Declined through the link' };
    case 'confirm_in_writing':
      return { type: 'CHANGE_CONFIRMED_IN_WRITING' };
    case 'reopen':
      return { type: 'REOPEN', reason: 'Reopened by the customer through the link', attachments: [] };
    default:
      return { type: 'CONFIRM_RESOLUTION' };
  }
}

/** Null when the link applies now; otherwise why not, in the words the page shows. */
export function staleReason(
  claims: LinkClaims,
  context: TicketContext,
  policy: Policy,
  allowed: string[],
): 'changed' | 'moved-on' | null {
  const { ref, content } = linkContent(claims.action, context, policy);
  if (ref !== claims.ref || contentHashOf(content) !== claims.contentHash) return 'changed';
  if (!allowed.includes(linkEvent(claims).type)) return 'moved-on';
  return null;
}
