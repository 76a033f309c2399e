// What the quarantine endpoints take, as zod schemas: the handlers check bodies with them and the
// OpenAPI document describes them from them.
import { z } from 'zod';
import { ticketIdPattern } from '../../workflows/lifecycle/ticket-id';
import { ticketKinds } from '../../workflows/policy/policy';

/** `{}` (the ticket it named), `{ticketId}` (another ticket), or `{asNewTicket: {customerId, kind}}`. */
export const releaseBodySchema = z
  .strictObject({
    ticketId: z.string().regex(ticketIdPattern, 'not a ticket number').optional(),
    asNewTicket: z.strictObject({ customerId: z.string().min(1).max(100), kind: z.enum(ticketKinds) }).optional(),
  })
  .refine((b) => !(b.ticketId && b.asNewTicket), { message: 'either ticketId or asNewTicket, not both' });

/** Why it is discarded: required (the intake refuses an empty one, after cleaning). */
export const discardBodySchema = z.strictObject({ reason: z.string().max(10_000) });

/** A quarantine record's id, as `quarantineIdOf` checks it. */
export const quarantineIdFormat = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;
