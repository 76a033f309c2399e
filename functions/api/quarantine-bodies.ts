// What the quarantine endpoints take, as zod schemas: the handlers check bodies with them and the
// OpenAPI document describes them from them.
import * as z from '../../workflows/validation/zod-mini';
import { toIssues, type FieldIssue } from '../../workflows/lifecycle/ticket-events';
import { ticketIdPattern } from '../../workflows/lifecycle/ticket-id';
import { ticketKinds } from '../../workflows/policy/policy';
import type { ReleaseTarget } from '../intake/intake-email';

/** `{}` (the ticket it named), `{ticketId}` (another ticket), or `{asNewTicket: {customerId, kind}}`. */
export const releaseBodySchema = z
  .strictObject({
    ticketId: z.optional(z.string().check(z.regex(ticketIdPattern, 'not a ticket number such as INC-2026-000042'))),
    asNewTicket: z.optional(
      z.strictObject({
        customerId: z.string().check(z.minLength(1, 'choose one of the customers'), z.maxLength(100)),
        kind: z.enum(ticketKinds, { error: `choose one of the kinds: ${ticketKinds.join(', ')}` }),
      }),
    ),
  })
  .check(z.refine((b) => !(b.ticketId && b.asNewTicket), { message: 'either ticketId or asNewTicket, not both' }));

/**
 * What a release asks for, from the API's body or the console's form alike: the ticket the mail
 * named (null), another ticket, or a new one; the intake checks the customer against the policy.
 */
export function releaseTargetOf(
  raw: unknown,
): { ok: true; target: ReleaseTarget } | { ok: false; issues: FieldIssue[] } {
  const body = releaseBodySchema.safeParse(raw);
  if (!body.success) return { ok: false, issues: toIssues(body.error) };
  const { ticketId, asNewTicket } = body.data;
  return { ok: true, target: asNewTicket ? { asNewTicket } : ticketId ? { ticketId } : null };
}

/** Why it is discarded: required (the intake refuses an empty one, after cleaning). */
export const discardBodySchema = z.strictObject({ reason: z.string().check(z.maxLength(10_000)) });

/** A quarantine record's id, as `quarantineIdOf` checks it. */
export const quarantineIdFormat = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
