import { eventTerms, indexedFields, termsOf } from '../../workflows/search/search-terms';
import {
  planTerms,
  bucketOf,
  PACKED_BYTES,
  TERM_BUCKETS,
  TRANSACTION_ITEMS,
} from '../../workflows/search/search-postings';

describe('the words of a text', () => {
  it('are lower-cased, accents folded, split on anything not a letter or digit, once each', () => {
    expect(termsOf('Café DÉJÀ-vu: printer_42, Printer; Ångström')).toEqual([
      'cafe',
      'deja',
      'vu',
      'printer',
      '42',
      'angstrom',
    ]);
  });

  it('fold compatibility forms as well (a ligature, full-width digits)', () => {
    expect(termsOf('ﬁle １２')).toEqual(['file', '12']);
  });

  it('keep terms of 2 to 40 characters only', () => {
    expect(termsOf(`a ok ${'x'.repeat(40)} ${'y'.repeat(41)}`)).toEqual(['ok', 'x'.repeat(40)]);
  });

  it('leave out Dutch and English stop words', () => {
    expect(termsOf('De printer van het kantoor is not working and the toner')).toEqual([
      'printer',
      'kantoor',
      'working',
      'toner',
    ]);
  });

  it('are not stemmed: a plural is another word', () => {
    expect(termsOf('printers printer')).toEqual(['printers', 'printer']);
  });
});

describe('which text of an event is indexed', () => {
  it('is the subject and description of a new ticket and each free-text field of the events people write', () => {
    expect(indexedFields().get('CREATED')).toEqual(['subject', 'description']);
    expect(indexedFields().get('REPLY')).toEqual(['message']);
    expect(indexedFields().get('ADD_NOTE')).toEqual(['text']);
    expect(indexedFields().get('REQUEST_INFO')).toEqual(['question']);
    expect(indexedFields().get('CUSTOMER_REPLIED')).toEqual(['message']);
    expect(indexedFields().get('VENDOR_REPLIED')).toEqual(['message']);
    expect(indexedFields().get('COMMENT')).toEqual(['text']);
    expect(indexedFields().get('RESOLVE')).toEqual(['summary']);
    expect(indexedFields().get('REOPEN')).toEqual(['reason']);
    expect(indexedFields().get('CANCEL')).toEqual(['reason']);
    expect(indexedFields().get('PROPOSE_ONSITE')).toEqual(['reason']);
    expect(indexedFields().get('RECORD_VISIT')).toEqual(['report']);
    expect(indexedFields().get('FORWARD_TO_VENDOR')).toEqual(['note']);
  });

  it('leaves out one-line fields that are not the subject (an address, a reference) and machine mail', () => {
    expect(indexedFields().get('COMMENT')).not.toContain('from');
    expect(indexedFields().get('VENDOR_REPLIED')).not.toContain('vendorRef');
    expect(indexedFields().has('MAIL_RECORDED')).toBe(false);
    expect(indexedFields().has('PLAN_VISIT')).toBe(false);
  });

  it('reads only the fields an event type indexes', () => {
    const terms = eventTerms('COMMENT', { type: 'COMMENT', from: 'kim@globex.example.com', text: 'Router kapot' });
    expect(terms).toEqual(['router', 'kapot']);
    expect(
      eventTerms('CREATED', { subject: 'Laptop', description: 'Scherm zwart', requester: { email: 'x' } }),
    ).toEqual(['laptop', 'scherm', 'zwart']);
  });
});

describe('fitting an event’s terms in its transaction', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `term${i}`);

  it('writes each term as its own posting while the transaction has room', () => {
    expect(planTerms(words(90), 10)).toEqual({ direct: words(90), packed: [] });
  });

  it('packs the rest by bucket, leaving room for the packed items and the marker', () => {
    const plan = planTerms(words(5000), 10);
    const items = plan.direct.length + plan.packed.length + 1;
    expect(items).toBe(TRANSACTION_ITEMS - 10);
    expect([...plan.direct, ...plan.packed.flatMap((p) => p.terms)].sort()).toEqual(words(5000).sort());
    for (const p of plan.packed) for (const term of p.terms) expect(bucketOf(term)).toBe(p.bucket);
  });

  it('stays within an item’s size however long the text is', () => {
    const long = Array.from({ length: 40_000 }, (_, i) => `${'x'.repeat(30)}${i}`);
    const plan = planTerms(long, 20);
    for (const p of plan.packed)
      expect(p.terms.reduce((n, t) => n + t.length + 3, 0)).toBeLessThanOrEqual(PACKED_BYTES);
    expect(plan.packed.length + plan.direct.length + 1 + 20).toBeLessThanOrEqual(TRANSACTION_ITEMS);
    expect(new Set(plan.packed.map((p) => p.bucket)).size).toBeLessThanOrEqual(TERM_BUCKETS);
  });
});
