// The portal home: the customer's tickets, open ones first and then closed, each newest created
// first, as a table per group: reference (linking to the ticket's portal page), subject, state in
// the reader's language, created, and the SLA targets for its priority; above them the way to a new
// request. Signed-in frame, no script.
import type { Language } from '../../workflows/policy/policy';
import type { PortalRow } from '../../workflows/portal/portal-list';
import { duration, formatsFor } from '../views/formats';
import { UserText } from '../views/user-text-bdi';
import { portalPage, type PortalFrame } from './portal-pages';

const words = {
  nl: {
    title: 'Uw meldingen',
    intro: (email: string, all: boolean) =>
      all
        ? `Ingelogd als ${email}. Als contactpersoon ziet u alle meldingen van uw organisatie.`
        : `Ingelogd als ${email}. Hier staan de meldingen die u heeft gedaan.`,
    newRequest: 'Nieuwe aanvraag',
    open: 'Open',
    closed: 'Afgesloten',
    none: 'Geen meldingen.',
    reference: 'Referentie',
    subject: 'Onderwerp',
    state: 'Status',
    created: 'Aangemaakt',
    targets: 'Streeftijden',
    response: 'reactie',
    resolution: 'oplossing',
    business: 'binnen kantooruren',
    calendar: 'kalendertijd',
  },
  en: {
    title: 'Your tickets',
    intro: (email: string, all: boolean) =>
      all
        ? `Signed in as ${email}. As a key contact you see all of your organisation's tickets.`
        : `Signed in as ${email}. These are the tickets you raised.`,
    newRequest: 'New request',
    open: 'Open',
    closed: 'Closed',
    none: 'No tickets.',
    reference: 'Reference',
    subject: 'Subject',
    state: 'State',
    created: 'Created',
    targets: 'SLA targets',
    response: 'response',
    resolution: 'resolution',
    business: 'business hours',
    calendar: 'calendar time',
  },
};

function Rows({
  rows,
  language,
  caption,
  timeZone,
}: {
  rows: PortalRow[];
  language: Language;
  caption: string;
  timeZone: string;
}) {
  const w = words[language];
  const f = formatsFor(language, timeZone);
  if (!rows.length)
    return (
      <>
        <h2>{caption}</h2>
        <p>{w.none}</p>
      </>
    );
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>
          <h2>{caption}</h2>
        </caption>
        <thead>
          <tr>
            <th scope="col">{w.reference}</th>
            <th scope="col">{w.subject}</th>
            <th scope="col">{w.state}</th>
            <th scope="col">{w.created}</th>
            <th scope="col">{w.targets}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <a href={`/portal/tickets/${encodeURIComponent(row.id)}?lang=${language}`}>{row.id}</a>
              </td>
              <td>
                <UserText value={row.subject} />
              </td>
              <td>{row.title[language]}</td>
              <td>
                <time dateTime={f.iso(row.createdAt)}>{f.dateTime(row.createdAt)}</time>
              </td>
              <td>
                {row.targets
                  ? `${row.priority}: ${w.response} ${duration(row.targets.responseMinutes * 60_000)}, ${w.resolution} ${duration(row.targets.resolutionMinutes * 60_000)} (${w[row.targets.clock]})`
                  : row.priority}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function portalHomePage(
  frame: PortalFrame,
  email: string,
  keyContact: boolean,
  rows: PortalRow[],
  timeZone: string,
): string {
  const w = words[frame.language];
  return portalPage(
    frame,
    w.title,
    <>
      <p>{w.intro(email, keyContact)}</p>
      <p>
        <a class="button" href={`/portal/requests/new?lang=${frame.language}`}>
          {w.newRequest}
        </a>
      </p>
      <Rows rows={rows.filter((r) => r.open)} language={frame.language} caption={w.open} timeZone={timeZone} />
      <Rows rows={rows.filter((r) => !r.open)} language={frame.language} caption={w.closed} timeZone={timeZone} />
    </>,
  );
}
