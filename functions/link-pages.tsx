// The pages behind customers' links, in Dutch and English: plain accessible HTML, no external
// assets, buttons that are plain form POSTs (never submitted by script).
import type { LinkAction } from '../workflows/link-token';
import { escapeHtml, isolated } from '../workflows/html-escape';
import { euro } from '../workflows/money';
import type { TicketContext } from '../workflows/ticket-machine';
import type { Language } from '../workflows/policy';


export const linkPageHeaders: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const words = {
  nl: { quote: 'Offerte', consent: 'Ondersteuning op locatie', resolution: 'Uw melding is opgelost', total: 'Totaal (excl. btw)', approve: 'Akkoord', decline: 'Afwijzen', consentYes: 'Akkoord, kom langs', consentNo: 'Liever niet', confirm: 'Ja, opgelost', reopen: 'Nee, heropen de melding', rate: (r: string) => `Het bezoek wordt achteraf berekend tegen het geldende uurtarief van ${r} (excl. btw), op basis van de werkelijk bestede uren.`, askResolution: 'Is het probleem opgelost?', summary: 'Wat er is gedaan', line: ['Omschrijving', 'Aantal', 'Prijs', 'Bedrag'], done: 'Gedaan', ref: 'Referentie' },
  en: { quote: 'Quote', consent: 'On-site support', resolution: 'Your request has been resolved', total: 'Total (excl. VAT)', approve: 'Approve', decline: 'Decline', consentYes: 'Yes, please visit', consentNo: 'No, thank you', confirm: 'Yes, it is solved', reopen: 'No, reopen the request', rate: (r: string) => `The visit is billed afterwards at the current hourly rate of ${r} (excl. VAT), for the hours actually spent.`, askResolution: 'Is the problem solved?', summary: 'What was done', line: ['Description', 'Quantity', 'Price', 'Amount'], done: 'Done', ref: 'Reference' },
};

export function page(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid #ccc;text-align:left}td.n{text-align:right}button{font-size:1rem;padding:.6rem 1.2rem;margin:.5rem .5rem 0 0}form{display:inline}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const button = (url: string, label: string) => `<form method="post" action="${escapeHtml(url)}"><button type="submit">${escapeHtml(label)}</button></form>`;

/** The page that says exactly what the customer agrees to, with both answers as buttons. */
export function decisionPage(language: Language, action: LinkAction, context: TicketContext, rateCents: number, urls: { yes: string; no: string }): string {
  const w = words[language];
  const ref = `<p>${w.ref}: <strong>${escapeHtml(context.id)}</strong> — ${isolated(context.subject)}</p>`;
  if (action === 'approve_quote' || action === 'decline_quote') {
    const rows = (context.quote?.lines ?? []).map((l) => `<tr><td>${isolated(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${euro(l.unitCents)}</td><td class="n">${euro(Math.round(l.quantity * l.unitCents))}</td></tr>`).join('');
    const table = `<table><caption>${w.quote} v${context.quote?.version ?? ''}</caption><thead><tr>${w.line.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row" colspan="3">${w.total}</th><td class="n"><strong>${euro(context.quote?.totalCents ?? 0)}</strong></td></tr></tfoot></table>`;
    return page(language, `${w.quote} — ${context.id}`, `${ref}${table}<p>${button(urls.yes, w.approve)}${button(urls.no, w.decline)}</p>`);
  }
  if (action === 'consent_onsite' || action === 'decline_onsite') {
    return page(language, `${w.consent} — ${context.id}`, `${ref}<p>${escapeHtml(w.rate(euro(rateCents)))}</p><p>${button(urls.yes, w.consentYes)}${button(urls.no, w.consentNo)}</p>`);
  }
  const summary = context.resolution ? `<h2>${w.summary}</h2><p dir="auto">${escapeHtml(context.resolution)}</p>` : '';
  return page(language, `${w.resolution} — ${context.id}`, `${ref}${summary}<p>${w.askResolution}</p><p>${button(urls.yes, w.confirm)}${button(urls.no, w.reopen)}</p>`);
}

const outcomes: Record<LinkAction, { nl: string; en: string }> = {
  approve_quote: { nl: 'U hebt de offerte goedgekeurd', en: 'You approved the quote' },
  decline_quote: { nl: 'U hebt de offerte afgewezen', en: 'You declined the quote' },
  consent_onsite: { nl: 'U hebt akkoord gegeven voor het bezoek op locatie', en: 'You agreed to the on-site visit' },
  decline_onsite: { nl: 'U hebt het bezoek op locatie afgewezen', en: 'You declined the on-site visit' },
  confirm_resolution: { nl: 'U hebt bevestigd dat de melding is opgelost', en: 'You confirmed that the request is resolved' },
  confirm_change: { nl: 'U hebt de wijziging bevestigd', en: 'You confirmed the change' },
  reopen: { nl: 'U hebt de melding heropend', en: 'You reopened the request' },
};

const when = (language: Language, at: number) => new Date(at).toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' });

export function donePage(language: Language, action: LinkAction, ticketId: string, at: number, already: boolean): string {
  const lead = already ? (language === 'nl' ? 'Deze link is al gebruikt.' : 'This link has already been used.') : '';
  return page(language, already ? (language === 'nl' ? 'Al gedaan' : 'Already done') : words[language].done, `<p>${lead} ${escapeHtml(outcomes[action][language])} (${escapeHtml(ticketId)}) ${language === 'nl' ? 'op' : 'on'} ${escapeHtml(when(language, at))}.</p>`);
}

export type RefusalKind = 'malformed' | 'forbidden' | 'expired' | 'changed' | 'moved-on' | 'unknown-ticket';

const refusals: Record<RefusalKind, { nl: [string, string]; en: [string, string] }> = {
  malformed: { nl: ['Ongeldige link', 'Deze link is niet compleet of niet geldig. Gebruik de link uit de mail, of neem contact op met de servicedesk.'], en: ['Invalid link', 'This link is incomplete or not valid. Use the link from the mail, or contact the service desk.'] },
  forbidden: { nl: ['Ongeldige link', 'Deze link is niet door de servicedesk gemaakt of is gewijzigd.'], en: ['Invalid link', 'This link was not made by the service desk, or it has been altered.'] },
  expired: { nl: ['Link verlopen', 'Deze link is verlopen. Neem contact op met de servicedesk.'], en: ['Link expired', 'This link has expired. Please contact the service desk.'] },
  changed: { nl: ['Niet meer actueel', 'Wat deze link u voorlegde is inmiddels gewijzigd (bijvoorbeeld een herziene offerte). Er is niets gewijzigd; gebruik de link uit de nieuwste mail.'], en: ['No longer current', 'What this link put to you has changed since (for example, a revised quote). Nothing was changed; use the link in the latest mail.'] },
  'moved-on': { nl: ['Niet meer van toepassing', 'De melding is inmiddels verder in behandeling; deze link doet niets meer. Er is niets gewijzigd.'], en: ['No longer applies', 'The request has moved on since; this link no longer does anything. Nothing was changed.'] },
  'unknown-ticket': { nl: ['Onbekende melding', 'De melding bij deze link bestaat niet.'], en: ['Unknown request', 'The request this link belongs to does not exist.'] },
};

export const refusalPage = (language: Language, kind: RefusalKind) => page(language, refusals[kind][language][0], `<p>${escapeHtml(refusals[kind][language][1])}</p>`);

/** A link page as the HTTP answer, under the strict link-page headers. */
export const linkPageResponse = (statusCode: number, body: string) => ({ statusCode, headers: linkPageHeaders, body });
