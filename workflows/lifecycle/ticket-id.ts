// Human ticket ids: a prefix per kind, the year, and a number from an atomic counter.
import type { TicketKind } from '../policy/policy';

const prefixes: Record<TicketKind, string> = { incident: 'INC', service_request: 'SR', change: 'CHG' };

export const counterName = (kind: TicketKind, year: number) => `${prefixes[kind]}#${year}`;

export const formatTicketId = (kind: TicketKind, year: number, n: number) =>
  `${prefixes[kind]}-${year}-${String(n).padStart(6, '0')}`;

/** A counter never runs past nine digits; anything longer is not one of ours. */
export const ticketIdPattern = /^(INC|SR|CHG)-\d{4}-\d{6,9}$/;

export const isTicketId = (value: string): boolean => ticketIdPattern.test(value);
