// A quote as the customer reads it, on a link's page and in the portal alike: each line's amount
// from the one money function (so lines add up to the total), in a box that scrolls by itself (and
// is reachable by keyboard) on a narrow screen instead of the page.
import type { QuoteLine } from '../../workflows/lifecycle/ticket-events';
import type { Formats } from './formats';
import { UserText } from './user-text-bdi';

export const quoteWords = {
  nl: { quote: 'Offerte', total: 'Totaal (excl. btw)', line: ['Omschrijving', 'Aantal', 'Prijs', 'Bedrag'] },
  en: { quote: 'Quote', total: 'Total (excl. VAT)', line: ['Description', 'Quantity', 'Price', 'Amount'] },
};

export function QuoteTable({
  id,
  version,
  lines,
  totalCents,
  formats,
}: {
  /** The caption's id: the scrolling region is named by it. */
  id: string;
  version: number | string;
  lines: Pick<QuoteLine, 'description' | 'quantity' | 'unitCents'>[];
  totalCents: number;
  formats: Formats;
}) {
  const w = quoteWords[formats.language];
  return (
    <div class="scroll" role="region" aria-labelledby={id} tabindex={0}>
      <table>
        <caption id={id}>
          {w.quote} v{version}
        </caption>
        <thead>
          <tr>
            {w.line.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <td>
                <UserText value={l.description} />
              </td>
              <td class="n">{formats.quantity(l.quantity)}</td>
              <td class="n">{formats.money(l.unitCents)}</td>
              <td class="n">{formats.lineAmount(l.quantity, l.unitCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={3}>
              {w.total}
            </th>
            <td class="n">
              <strong>{formats.money(totalCents)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
