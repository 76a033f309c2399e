// A new ticket from the portal, pure: the customer's form (an incident, a service request from the
// catalog, or a request for change) validated into the engine's `createTicketSchema` input. The
// requester is the signed-in address and the customer the session's, never the form's; the channel
// is `portal`, which is in writing (like a mail), so a change opened here needs no confirmation.
import * as z from '../validation/zod-mini';
import { findCatalogItem, type CatalogItem, type Language, type Policy } from '../policy/policy';
import { multiLine, singleLine } from '../intake/user-text';
import { createTicketSchema, toIssues, type CreateTicket, type FieldIssue } from '../lifecycle/ticket-events';

export const portalRequestKinds = ['incident', 'service_request', 'change'] as const;
export type PortalRequestKind = (typeof portalRequestKinds)[number];

/** How a catalog item is charged, in the customer's words: included in the service, or billable on actual hours. */
export const catalogTerms = {
  nl: { included: 'Inbegrepen in de dienstverlening', billable: 'Op basis van werkelijk bestede uren (nacalculatie)' },
  en: { included: 'Included in the service', billable: 'Billable on actual hours' },
} as const;

export const catalogTermOf = (item: CatalogItem, language: Language) =>
  item.standard ? catalogTerms[language].included : catalogTerms[language].billable;

/** The catalog as the form offers it: included items first, then billable ones. */
export function catalogGroups(policy: Policy): { included: CatalogItem[]; billable: CatalogItem[] } {
  return {
    included: policy.catalog.filter((c) => c.standard),
    billable: policy.catalog.filter((c) => !c.standard),
  };
}

/** Blank or all spaces is not given. */
const blankless = z.transform((v: string | undefined) => (v?.trim() ? v.trim() : undefined));
const optionalLine = z.pipe(z.optional(z.string().check(z.overwrite(singleLine), z.maxLength(300))), blankless);
const subject = z.string().check(z.overwrite(singleLine), z.trim(), z.minLength(1), z.maxLength(300));
const description = z._default(z.string().check(z.overwrite(multiLine), z.maxLength(20_000)), '');
const formSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), subject, description }),
  z.object({
    kind: z.literal('service_request'),
    catalogItemId: z.string().check(z.maxLength(100)),
    subject: optionalLine,
    description,
  }),
  z.object({
    kind: z.literal('change'),
    subject,
    description: z
      .string()
      .check(z.overwrite(multiLine), z.trim(), z.minLength(1, 'say what should change'), z.maxLength(20_000)),
    desiredDate: z.pipe(z.pipe(z.optional(z.string()), blankless), z.optional(z.iso.date())),
  }),
]);

/** Who is asking, from the session: never from the form. */
export interface PortalRequester {
  email: string;
  name?: string;
  customerId: string;
  language: Language;
}

const labels = {
  nl: { item: 'Catalogusitem', terms: 'Voorwaarden', desired: 'Gewenste datum' },
  en: { item: 'Catalog item', terms: 'Terms', desired: 'Desired date' },
};

/**
 * The form as the engine's create input, or the fields that are wrong. The catalog item and the
 * desired date go at the head of the description, where agents read them, in the customer's
 * language (the create input has no fields for them; classifying records the item).
 */
export function decidePortalRequest(
  raw: unknown,
  who: PortalRequester,
  policy: Policy,
): { ok: true; value: CreateTicket } | { ok: false; reason: 'invalid'; issues: FieldIssue[] } {
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: toIssues(parsed.error) };
  const form = parsed.data;
  const l = labels[who.language];
  let subject: string;
  const facts: string[] = [];
  if (form.kind === 'service_request') {
    const item = findCatalogItem(policy, form.catalogItemId);
    if (!item)
      return {
        ok: false,
        reason: 'invalid',
        issues: [{ field: 'catalogItemId', message: 'not in the service catalog' }],
      };
    subject = form.subject ?? item.title[who.language];
    facts.push(
      `${l.item}: ${item.title[who.language]} (${item.id})`,
      `${l.terms}: ${catalogTermOf(item, who.language)}`,
    );
  } else {
    subject = form.subject;
    if (form.kind === 'change' && form.desiredDate) facts.push(`${l.desired}: ${form.desiredDate}`);
  }
  const description = [facts.join('\n'), form.description].filter((s) => s.trim() !== '').join('\n\n');
  const created = createTicketSchema.safeParse({
    kind: form.kind,
    subject,
    description,
    requester: { email: who.email, ...(who.name ? { name: who.name } : {}) },
    customerId: who.customerId,
    language: who.language,
    channel: 'portal',
    attachments: [],
  });
  if (!created.success) return { ok: false, reason: 'invalid', issues: toIssues(created.error) };
  return { ok: true, value: created.data };
}
