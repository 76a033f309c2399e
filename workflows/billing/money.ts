// Amounts in euro cents: integer cents everywhere, computed in exact decimal arithmetic, and shown
// the Dutch way (€ 1.154,00) only as text.
const format = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const euro = (cents: number) => `€ ${format.format(cents / 100)}`;

/** A JSON number as the decimal it was written as (String() gives the shortest round-trip form). */
function decimalOf(value: number): { digits: bigint; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative quantity: ${value}`);
  const fraction = match[2] ?? '';
  const scale = fraction.length - Number(match[3] ?? 0);
  const digits = BigInt(match[1]! + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * Quantity × unit price in whole cents, rounded half up, in exact decimal arithmetic: 1.005 × 100
 * cents is 101 cents, where floating point makes 100.49999… and rounds it to 100.
 */
export function lineAmountCents(quantity: number, unitCents: number): number {
  const { digits, scale } = decimalOf(quantity);
  const numerator = digits * BigInt(unitCents);
  const denominator = 10n ** BigInt(scale);
  return Number((2n * numerator + denominator) / (2n * denominator));
}
