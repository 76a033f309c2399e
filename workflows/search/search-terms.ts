// The words of a text as the search index keeps them, and which text of each event is indexed.
// A term is a run of letters and digits, lower-cased, accents folded (NFKD without its combining
// marks, so `Café` and `cafe` are one term), 2 to 40 characters, and not a Dutch or English stop
// word. No stemming: `printer` does not find `printers`; the desk's two languages would need two
// stemmers whose stems a query must agree on, and an exact word is what an agent pastes. Pure.
import { createTicketSchema, ticketEventSchemas, type TicketEventType } from '../lifecycle/ticket-events';
import type * as z from '../validation/zod-mini';

export const MIN_TERM = 2;
export const MAX_TERM = 40;

/** Words too common to tell tickets apart, in the desk's two languages: neither indexed nor searched. */
const stopWords: ReadonlySet<string> = new Set(
  [
    // English
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its me my no not of on or our she so than that the their them then there these they this to too us was we were what when where which who why will with would you your',
    // Dutch
    'aan al als bij dat de deze die dit doch door een en er het hij hoe ik in is je jij kan kunnen maar met mij mijn na naar niet nog nu of om onder ons ook op over te tot u uit uw van voor want was wat we wel wie wij worden wordt ze zich zij zijn zo zou',
  ]
    .join(' ')
    .split(' '),
);

/** A text's distinct terms, in the order they first occur. */
export function termsOf(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const terms = new Set<string>();
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= MIN_TERM && word.length <= MAX_TERM && !stopWords.has(word)) terms.add(word);
  }
  return [...terms];
}

/** Whether a schema keeps line breaks: free text (a message, a note), as opposed to one line or a choice. */
const isFreeText = (schema: z.ZodMiniType): boolean => {
  const probe = schema.safeParse('search\nprobe');
  return probe.success && probe.data === 'search\nprobe';
};

/** The free-text fields of a schema: what a person wrote. */
const freeTextFields = (schema: z.ZodMiniObject): string[] =>
  Object.entries(schema.shape)
    .filter(([, field]) => isFreeText(field as z.ZodMiniType))
    .map(([key]) => key);

/**
 * Events whose text is not a person's words: machine mail (auto-replies, bounces) is kept on the
 * ticket but would make every ticket that bounced match the bounce's boilerplate.
 */
const notIndexed: ReadonlySet<TicketEventType> = new Set(['MAIL_RECORDED']);

/**
 * Which fields of each event are indexed, derived from the schemas: every free-text field (a
 * reply's message, a note's text, a resolution's summary, a reason), and the ticket's subject.
 * Derived on first use (probing every schema costs milliseconds of a cold start that a function
 * which never indexes, one that only reads, should not pay).
 */
let fieldsByType: ReadonlyMap<string, readonly string[]> | undefined;
export const indexedFields = (): ReadonlyMap<string, readonly string[]> =>
  (fieldsByType ??= new Map([
    ['CREATED', ['subject', ...freeTextFields(createTicketSchema)]],
    ...Object.entries(ticketEventSchemas)
      .filter(([type]) => !notIndexed.has(type as TicketEventType))
      .map(([type, schema]) => [type, freeTextFields(schema as unknown as z.ZodMiniObject)] as [string, string[]])
      .filter(([, fields]) => fields.length > 0),
  ]));

/** The words one logged event adds to its ticket's index. */
export function eventTerms(type: string, event: Record<string, unknown>): string[] {
  const fields = indexedFields().get(type) ?? [];
  const texts = fields.map((field) => (Object.hasOwn(event, field) ? event[field] : undefined));
  return termsOf(texts.filter((t): t is string => typeof t === 'string').join('\n'));
}
