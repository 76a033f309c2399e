// What a signed-in customer can do on a ticket now, and what their form becomes, pure: the actions
// are the chart's events allowed through the `portal` channel; each answer is bound to the content
// the page showed by the same hash the signed links carry (link-rules.ts `linkContent`), so an
// answer to a quote that has since been revised is refused, not applied to the new one.
import * as z from '../validation/zod-mini';
import { contentHashOf, linkActions, type LinkAction } from '../links/link-token';
import { linkContent } from '../links/link-rules';
import type { Policy } from '../policy/policy';
import type { TicketContext } from '../lifecycle/ticket-machine';
import { toIssues, type FieldIssue, type Origin, type TicketEventInput } from '../lifecycle/ticket-events';

/** A reply, and the answers a signed link gives (a change's confirmation is the resolution's here). */
export type PortalAction = 'reply' | Exclude<LinkAction, 'confirm_change'>;
export const portalActions: readonly PortalAction[] = [
  'reply',
  ...linkActions.filter((a): a is Exclude<LinkAction, 'confirm_change'> => a !== 'confirm_change'),
];

export const isPortalAction = (value: string): value is PortalAction =>
  (portalActions as readonly string[]).includes(value);

/** The engine event each action sends (a reply: or a COMMENT, while the ticket does not wait for one). */
export const portalActionEvents = {
  reply: 'CUSTOMER_REPLIED',
  approve_quote: 'QUOTE_APPROVED',
  decline_quote: 'QUOTE_DECLINED',
  consent_onsite: 'CONSENT_GIVEN',
  decline_onsite: 'CONSENT_DECLINED',
  confirm_resolution: 'CONFIRM_RESOLUTION',
  reopen: 'REOPEN',
  confirm_in_writing: 'CHANGE_CONFIRMED_IN_WRITING',
} as const satisfies Record<PortalAction, TicketEventInput['type']>;

/**
 * A reply is the customer's answer while the ticket waits for them, and their comment otherwise,
 * as a mail of theirs would be (mail intake decides the same way).
 */
const replyEventOf = (allowed: readonly string[]) =>
  allowed.includes('CUSTOMER_REPLIED') ? 'CUSTOMER_REPLIED' : allowed.includes('COMMENT') ? 'COMMENT' : null;

/** An answer binds the content it answers (a reply binds nothing: the customer may write any time). */
const bindingOf = (action: PortalAction): LinkAction | null => (action === 'reply' ? null : action);

/** The hash of what the page shows for this action: the form carries it back. */
export function portalContentHash(action: PortalAction, context: TicketContext, policy: Policy): string | null {
  const binding = bindingOf(action);
  return binding ? contentHashOf(linkContent(binding, context, policy).content) : null;
}

/** An action the page offers, with the hash its form carries. */
export interface OfferedAction {
  action: PortalAction;
  contentHash: string | null;
}

/**
 * The actions a customer can take now, in the order of `portalActions`: those whose event the
 * chart allows through the portal (`allowedEvents(machine, snapshot, 'portal')`).
 */
export function offeredActions(allowed: readonly string[], context: TicketContext, policy: Policy): OfferedAction[] {
  return portalActions
    .filter((action) =>
      action === 'reply' ? replyEventOf(allowed) !== null : allowed.includes(portalActionEvents[action]),
    )
    .map((action) => ({ action, contentHash: portalContentHash(action, context, policy) }));
}

/** What a portal form posts, as the receiving side parsed it (files arrive separately, stored by digest). */
const formSchema = z.object({
  action: z.enum(portalActions as [PortalAction, ...PortalAction[]]),
  contentHash: z.optional(z.string().check(z.maxLength(100))),
  message: z.optional(z.string().check(z.maxLength(100_000))),
  reason: z.optional(z.string().check(z.maxLength(2000))),
});
export type PortalForm = z.infer<typeof formSchema>;

export type PortalDecision =
  | { ok: true; event: TicketEventInput; origin: Pick<Origin, 'channel' | 'portal'> }
  | { ok: false; reason: 'invalid'; issues: FieldIssue[] }
  /** The ticket's content changed since the page was shown (a revised quote, a new resolution). */
  | { ok: false; reason: 'changed' }
  /** The ticket does not take this action now (already answered, moved on). */
  | { ok: false; reason: 'not-allowed'; allowed: PortalAction[] };

const defaults = {
  nl: { reopen: 'Heropend door de klant in het portaal' },
  en: { reopen: 'Reopened by the customer in the portal' },
};

/**
 * Decides a portal form: the event it becomes and the origin fields to stamp (channel and the
 * content hash, with the session's reference), or a typed refusal. The actor and the files are the
 * handler's to add from the session and the upload; nothing in the form can name them.
 */
export function decidePortalAction(
  raw: unknown,
  ticket: { context: TicketContext; allowed: readonly string[] },
  policy: Policy,
  who: { address: string; sessionRef: string },
): PortalDecision {
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  const form = parsed.data;
  const { context } = ticket;
  const expected = portalContentHash(form.action, context, policy);
  if (expected !== null && form.contentHash !== expected) return { ok: false, reason: 'changed' };
  const offered = offeredActions(ticket.allowed, context, policy).map((o) => o.action);
  if (!offered.includes(form.action)) return { ok: false, reason: 'not-allowed', allowed: offered };
  const event = eventOf(form, context, replyEventOf(ticket.allowed) === 'COMMENT' ? who.address : null);
  if (!event.ok) return event;
  const portal =
    expected !== null ? { contentHash: expected, sessionRef: who.sessionRef } : { sessionRef: who.sessionRef };
  return { ok: true, event: event.value, origin: { channel: 'portal', portal } };
}

/** The event a form becomes; `commentFrom`: the reply is a comment, from this address. */
function eventOf(
  form: PortalForm,
  context: TicketContext,
  commentFrom: string | null,
): { ok: true; value: TicketEventInput } | { ok: false; reason: 'invalid'; issues: FieldIssue[] } {
  const said = (text: string | undefined) => text?.trim() ?? '';
  switch (form.action) {
    case 'reply':
      // An empty reply is allowed only with files; the handler, which has them, checks that.
      if (commentFrom !== null)
        return { ok: true, value: { type: 'COMMENT', from: commentFrom, text: said(form.message), attachments: [] } };
      return { ok: true, value: { type: 'CUSTOMER_REPLIED', message: said(form.message), attachments: [] } };
    case 'approve_quote':
      return { ok: true, value: { type: 'QUOTE_APPROVED', quoteVersion: context.quote?.version ?? 0 } };
    case 'decline_quote':
      return {
        ok: true,
        value: { type: 'QUOTE_DECLINED', quoteVersion: context.quote?.version ?? 0, reason: said(form.reason) },
      };
    case 'consent_onsite':
      return { ok: true, value: { type: 'CONSENT_GIVEN' } };
    case 'decline_onsite':
      return { ok: true, value: { type: 'CONSENT_DECLINED', reason: said(form.reason) } };
    case 'confirm_resolution':
      return { ok: true, value: { type: 'CONFIRM_RESOLUTION' } };
    case 'confirm_in_writing':
      return { ok: true, value: { type: 'CHANGE_CONFIRMED_IN_WRITING' } };
    case 'reopen':
      return {
        ok: true,
        value: {
          type: 'REOPEN',
          reason: said(form.reason) || defaults[context.language === 'en' ? 'en' : 'nl'].reopen,
          attachments: [],
        },
      };
  }
}
