// The search index's items on the table, written with each event in its own transaction: a
// posting per (term, ticket) while the transaction has room, the rest of a long text packed by
// hashed bucket, and the ticket's marker that it has packed terms. Every Put is idempotent: a later
// event with the same word rewrites the same posting.
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Commit } from '../../workflows/lifecycle/ticket-engine';
import { planTerms } from '../../workflows/search/search-postings';
import { eventTerms } from '../../workflows/search/search-terms';

type Item = Record<string, NativeAttributeValue>;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A ticket's place in a word's postings: newest created first when read backwards. */
export const postingSk = (createdAt: number, ticketId: string) => `${pad(createdAt, 15)}#${ticketId}`;
export const postingPk = (term: string) => `WORD#${term}`;
export const packedPk = (bucket: number) => `WORDS#${bucket}`;
/** The marker that a ticket has packed terms: without it a missing posting means a missing word. */
export const packedMarkerKey = (ticketId: string) => ({ pk: `WORDS#TICKET#${ticketId}`, sk: 'WORDS' });

/** The index items one commit adds, given how many items its transaction already holds. */
export function searchItems({ head, event }: Pick<Commit, 'head' | 'event'>, itemsInCommit: number): Item[] {
  const terms = eventTerms(event.type, event.event);
  if (!terms.length) return [];
  const sk = postingSk(head.createdAt, head.id);
  const plan = planTerms(terms, itemsInCommit);
  const postings = plan.direct.map((term) => ({ pk: postingPk(term), sk, entity: 'posting', ticketId: head.id }));
  if (!plan.packed.length) return postings;
  return [
    ...postings,
    ...plan.packed.map((p) => ({
      pk: packedPk(p.bucket),
      sk: `${sk}#${pad(event.seq, 10)}#${pad(p.chunk, 3)}`,
      entity: 'packed-terms',
      ticketId: head.id,
      terms: new Set(p.terms),
    })),
    { ...packedMarkerKey(head.id), entity: 'packed-marker', ticketId: head.id },
  ];
}
