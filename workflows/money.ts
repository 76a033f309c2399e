// Amounts in euro cents, shown the Dutch way (€ 1.154,00): integer cents everywhere, text only here.
const format = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const euro = (cents: number) => `€ ${format.format(cents / 100)}`;
