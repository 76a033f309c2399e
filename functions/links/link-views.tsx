// The pages behind customers' links, in Dutch and English: plain accessible HTML, no external
// assets, buttons that are plain form POSTs (never submitted by script).
import type { LinkAction } from '../../workflows/links/link-token';
import type { TicketContext } from '../../workflows/lifecycle/ticket-machine';
import type { Language } from '../../workflows/policy/policy';
import { formatsFor, type Formats } from '../views/formats';
import { LinkLayout } from '../views/link-layout';
import { renderDocument } from '../views/render';
import { UserText } from '../views/user-text-bdi';

export const linkPageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const words = {
  nl: {
    quote: 'Offerte',
    consent: 'Ondersteuning op locatie',
    resolution: 'Uw melding is opgelost',
    total: 'Totaal (excl. btw)',
    approve: 'Akkoord',
    decline: 'Afwijzen',
    consentYes: 'Akkoord, kom langs',
    consentNo: 'Liever niet',
    confirm: 'Ja, opgelost',
    reopen: 'Nee, heropen de melding',
    rate: (r: string) =>
      `Het bezoek wordt achteraf berekend tegen het geldende uurtarief van ${r} (excl. btw), op basis van de werkelijk bestede uren.`,
    askResolution: 'Is het probleem opgelost?',
    summary: 'Wat er is gedaan',
    line: ['Omschrijving', 'Aantal', 'Prijs', 'Bedrag'],
    done: 'Gedaan',
    ref: 'Referentie',
  },
  en: {
    quote: 'Quote',
    consent: 'On-site support',
    resolution: 'Your request has been resolved',
    total: 'Total (excl. VAT)',
    approve: 'Approve',
    decline: 'Decline',
    consentYes: 'Yes, please visit',
    consentNo: 'No, thank you',
    confirm: 'Yes, it is solved',
    reopen: 'No, reopen the request',
    rate: (r: string) =>
      `The visit is billed afterwards at the current hourly rate of ${r} (excl. VAT), for the hours actually spent.`,
    askResolution: 'Is the problem solved?',
    summary: 'What was done',
    line: ['Description', 'Quantity', 'Price', 'Amount'],
    done: 'Done',
    ref: 'Reference',
  },
};

const Button = ({ url, label }: { url: string; label: string }) => (
  <form method="post" action={url}>
    <button type="submit">{label}</button>
  </form>
);

function Reference({ language, context }: { language: Language; context: TicketContext }) {
  return (
    <p>
      {words[language].ref}: <strong>{context.id}</strong> — <UserText value={context.subject} />
    </p>
  );
}

/** The quote as a table: each line's amount from the one money function, so lines add up to the total. */
function QuoteTable({ language, context, formats }: { language: Language; context: TicketContext; formats: Formats }) {
  const w = words[language];
  return (
    <table>
      <caption>
        {w.quote} v{context.quote?.version ?? ''}
      </caption>
      <thead>
        <tr>
          {w.line.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {(context.quote?.lines ?? []).map((l) => (
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
            <strong>{formats.money(context.quote?.totalCents ?? 0)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The page that says exactly what the customer agrees to, with both answers as buttons. */
export function decisionPage(
  language: Language,
  action: LinkAction,
  context: TicketContext,
  rateCents: number,
  urls: { yes: string; no: string },
  timeZone: string,
): string {
  const w = words[language];
  const formats = formatsFor(language, timeZone);
  if (action === 'approve_quote' || action === 'decline_quote') {
    return renderDocument(
      <LinkLayout language={language} title={`${w.quote} — ${context.id}`}>
        <Reference language={language} context={context} />
        <QuoteTable language={language} context={context} formats={formats} />
        <p>
          <Button url={urls.yes} label={w.approve} />
          <Button url={urls.no} label={w.decline} />
        </p>
      </LinkLayout>,
    );
  }
  if (action === 'consent_onsite' || action === 'decline_onsite') {
    return renderDocument(
      <LinkLayout language={language} title={`${w.consent} — ${context.id}`}>
        <Reference language={language} context={context} />
        <p>{w.rate(formats.money(rateCents))}</p>
        <p>
          <Button url={urls.yes} label={w.consentYes} />
          <Button url={urls.no} label={w.consentNo} />
        </p>
      </LinkLayout>,
    );
  }
  return renderDocument(
    <LinkLayout language={language} title={`${w.resolution} — ${context.id}`}>
      <Reference language={language} context={context} />
      {context.resolution ? (
        <>
          <h2>{w.summary}</h2>
          <p dir="auto">{context.resolution}</p>
        </>
      ) : null}
      <p>{w.askResolution}</p>
      <p>
        <Button url={urls.yes} label={w.confirm} />
        <Button url={urls.no} label={w.reopen} />
      </p>
    </LinkLayout>,
  );
}

const outcomes: Record<LinkAction, { nl: string; en: string }> = {
  approve_quote: { nl: 'U hebt de offerte goedgekeurd', en: 'You approved the quote' },
  decline_quote: { nl: 'U hebt de offerte afgewezen', en: 'You declined the quote' },
  consent_onsite: { nl: 'U hebt akkoord gegeven voor het bezoek op locatie', en: 'You agreed to the on-site visit' },
  decline_onsite: { nl: 'U hebt het bezoek op locatie afgewezen', en: 'You declined the on-site visit' },
  confirm_resolution: {
    nl: 'U hebt bevestigd dat de melding is opgelost',
    en: 'You confirmed that the request is resolved',
  },
  confirm_change: { nl: 'U hebt de wijziging bevestigd', en: 'You confirmed the change' },
  reopen: { nl: 'U hebt de melding heropend', en: 'You reopened the request' },
};

export function donePage(
  language: Language,
  action: LinkAction,
  ticketId: string,
  at: number,
  already: boolean,
  timeZone: string,
): string {
  const lead = already ? (language === 'nl' ? 'Deze link is al gebruikt.' : 'This link has already been used.') : '';
  const title = already ? (language === 'nl' ? 'Al gedaan' : 'Already done') : words[language].done;
  const when = formatsFor(language, timeZone).dateTime(at);
  return renderDocument(
    <LinkLayout language={language} title={title}>
      <p>{`${lead} ${outcomes[action][language]} (${ticketId}) ${language === 'nl' ? 'op' : 'on'} ${when}.`}</p>
    </LinkLayout>,
  );
}

export type RefusalKind = 'malformed' | 'forbidden' | 'expired' | 'changed' | 'moved-on' | 'unknown-ticket';

const refusals: Record<RefusalKind, { nl: [string, string]; en: [string, string] }> = {
  malformed: {
    nl: [
      'Ongeldige link',
      'Deze link is niet compleet of niet geldig. Gebruik de link uit de mail, of neem contact op met de servicedesk.',
    ],
    en: [
      'Invalid link',
      'This link is incomplete or not valid. Use the link from the mail, or contact the service desk.',
    ],
  },
  forbidden: {
    nl: ['Ongeldige link', 'Deze link is niet door de servicedesk gemaakt of is gewijzigd.'],
    en: ['Invalid link', 'This link was not made by the service desk, or it has been altered.'],
  },
  expired: {
    nl: ['Link verlopen', 'Deze link is verlopen. Neem contact op met de servicedesk.'],
    en: ['Link expired', 'This link has expired. Please contact the service desk.'],
  },
  changed: {
    nl: [
      'Niet meer actueel',
      'Wat deze link u voorlegde is inmiddels gewijzigd (bijvoorbeeld een herziene offerte). Er is niets gewijzigd; gebruik de link uit de nieuwste mail.',
    ],
    en: [
      'No longer current',
      'What this link put to you has changed since (for example, a revised quote). Nothing was changed; use the link in the latest mail.',
    ],
  },
  'moved-on': {
    nl: [
      'Niet meer van toepassing',
      'De melding is inmiddels verder in behandeling; deze link doet niets meer. Er is niets gewijzigd.',
    ],
    en: [
      'No longer applies',
      'The request has moved on since; this link no longer does anything. Nothing was changed.',
    ],
  },
  'unknown-ticket': {
    nl: ['Onbekende melding', 'De melding bij deze link bestaat niet.'],
    en: ['Unknown request', 'The request this link belongs to does not exist.'],
  },
};

export const refusalPage = (language: Language, kind: RefusalKind) =>
  renderDocument(
    <LinkLayout language={language} title={refusals[kind][language][0]}>
      <p>{refusals[kind][language][1]}</p>
    </LinkLayout>,
  );

/** A link page as the HTTP answer, under the strict link-page headers. */
export const linkPageResponse = (statusCode: number, body: string) => ({ statusCode, headers: linkPageHeaders, body });
