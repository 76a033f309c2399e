// How one event's terms fit in its commit's transaction: a posting per term while there is room
// (a TransactWriteItems holds at most 100 items), and the rest packed by hashed bucket into a
// bounded number of items (each far below DynamoDB's 400 KB), so however long a text is, the
// event commits and every word of it is found. Pure.

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const TRANSACTION_ITEMS = 100;
/** How many partitions packed terms are spread over: a search reads one of them per word. */
export const TERM_BUCKETS = 8;
/** The most bytes of terms one packed item holds (an item may have 400 KB; a transaction 4 MB). */
export const PACKED_BYTES = 96_000;

/** The bucket a term is packed in (FNV-1a over its UTF-16 code units): the same for writer and reader. */
export function bucketOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) hash = Math.imul(hash ^ term.charCodeAt(i), 0x01000193) >>> 0;
  return hash % TERM_BUCKETS;
}

export interface PackedTerms {
  bucket: number;
  /** Which of the bucket's items of this event (a bucket's terms over PACKED_BYTES take several). */
  chunk: number;
  terms: string[];
}

export interface TermPlan {
  /** Terms written as their own posting (one item per term and ticket). */
  direct: string[];
  /** The other terms, packed; when there are any, the ticket's marker says so (one more item). */
  packed: PackedTerms[];
}

const bytes = (term: string) => Buffer.byteLength(term, 'utf8') + 3;

function pack(terms: string[]): PackedTerms[] {
  const byBucket = new Map<number, string[]>();
  for (const term of terms) {
    const bucket = bucketOf(term);
    const members = byBucket.get(bucket);
    if (members) members.push(term);
    else byBucket.set(bucket, [term]);
  }
  const packed: PackedTerms[] = [];
  for (const [bucket, members] of [...byBucket].sort(([a], [b]) => a - b)) {
    let chunk: PackedTerms = { bucket, chunk: 0, terms: [] };
    let size = 0;
    for (const term of members) {
      if (size + bytes(term) > PACKED_BYTES) {
        packed.push(chunk);
        chunk = { bucket, chunk: chunk.chunk + 1, terms: [] };
        size = 0;
      }
      chunk.terms.push(term);
      size += bytes(term);
    }
    packed.push(chunk);
  }
  return packed;
}

/**
 * Splits an event's terms given the items its commit already holds. Packing fewer terms never
 * takes more items, so the packed items of all terms bound what the rest take.
 */
export function planTerms(terms: string[], itemsInCommit: number): TermPlan {
  const room = TRANSACTION_ITEMS - itemsInCommit;
  if (terms.length <= room) return { direct: terms, packed: [] };
  const reserved = pack(terms).length + 1;
  if (reserved > room) throw new Error(`no room in the transaction for the index: ${itemsInCommit} items already`);
  const direct = terms.slice(0, room - reserved);
  return { direct, packed: pack(terms.slice(direct.length)) };
}
