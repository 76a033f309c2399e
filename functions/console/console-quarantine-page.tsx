// The console's quarantine pages: the list of mail (and payloads) the desk did not take in, newest
// first, each with its reason in words, its sender and what was done with it; and one record read
// in full (its kept mail's headers, text and attachments) with the three ways to settle it —
// release onto a ticket, release as a new ticket, discard with a reason — or, once settled, what
// was done, by whom and when.
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import { ticketKinds, type Policy } from '../../workflows/policy/policy';
import type { QuarantineRecord } from '../intake/intake-store';
import type { OriginalMail } from '../intake/mail-original';
import type { Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';
import { Instant, FactList } from './console-event-content';
import { OriginalMailSections } from './console-original-page';
import { consolePage, CsrfField, type Chrome } from './console-pages';

/** Why a record is in quarantine, in words; a reason not named here is shown as written. */
const reasonWords = new Map<string, string>([
  ['not-a-party', 'Sender is not a party of the ticket it names'],
  ['ticket-closed', 'The ticket it names is closed'],
  ['unknown-sender', 'No customer has the sender’s mail domain'],
  ['too-large', 'Over the size limit'],
  ['unparseable', 'Cannot be read as mail'],
  ['truncated', 'Cut off (incomplete message)'],
  ['invalid', 'Would not make a valid ticket'],
  ['rate-limited', 'Sender wrote too often (mail-loop backstop)'],
  ['desk-address', 'Sent from the desk’s own address'],
  ['loop', 'A mail loop'],
  ['bounce', 'A bounce not about an open ticket'],
  ['receipt', 'A read receipt not about an open ticket'],
  ['auto-submitted', 'An automatic reply'],
  ['auto-response-suppress', 'An automatic message'],
  ['bulk', 'Bulk mail'],
  ['list', 'Mailing-list mail'],
  ['mailer-daemon', 'From a mail system'],
]);
export const reasonText = (reason: string) => reasonWords.get(reason) ?? reason;

const kindWords = new Map<string, string>([
  ['incident', 'Incident'],
  ['service_request', 'Service request'],
  ['change', 'Change'],
]);

export const quarantineHref = (id: string) => `/console/quarantine/${encodeURIComponent(id)}`;
const ticketLink = (id: string) => <a href={`/console/tickets/${encodeURIComponent(id)}`}>{id}</a>;

/** What was done with a record, in words, or null while it waits for an agent. */
function Settled({ record, formats }: { record: QuarantineRecord; formats: Formats }) {
  const { released, discarded } = record;
  if (released)
    return (
      <span data-state="released">
        Released {released.asNewTicket ? 'as new ticket' : 'onto'} {ticketLink(released.ticketId)} by{' '}
        <UserText value={released.by} />, <Instant at={released.at} formats={formats} />
      </span>
    );
  if (discarded)
    return (
      <span data-state="discarded">
        Discarded by <UserText value={discarded.by} />, <Instant at={discarded.at} formats={formats} />:{' '}
        <UserText value={discarded.reason} />
      </span>
    );
  return null;
}

/** What was done with a record, as a sentence (flashes, and the page refusing a second action). */
export function settledText(record: QuarantineRecord, formats: Formats): string | null {
  const { released, discarded } = record;
  if (released)
    return `Released ${released.asNewTicket ? 'as new ticket' : 'onto'} ${released.ticketId} by ${released.by}, ${formats.stamp(released.at)}.`;
  if (discarded) return `Discarded by ${discarded.by}, ${formats.stamp(discarded.at)}: ${discarded.reason}`;
  return null;
}

export function quarantineListPage(input: { records: QuarantineRecord[]; formats: Formats; chrome: Chrome }) {
  const { records, formats, chrome } = input;
  return consolePage(
    'Quarantine',
    <>
      <p>
        Mail the desk did not take in, newest first. Nothing here is lost: each keeps its raw message. Open one to read
        it and release it onto a ticket, as a new ticket, or discard it.
      </p>
      {records.length ? (
        <table>
          <caption class="visually-hidden">Quarantined mail</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Reason</th>
              <th scope="col">Sender</th>
              <th scope="col">Subject</th>
              <th scope="col">Names ticket</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr data-quarantine={r.id}>
                <td>
                  <Instant at={r.at} formats={formats} />
                </td>
                <td>{reasonText(r.reason)}</td>
                <td>{r.from ? <UserText value={r.from} /> : <span class="muted">—</span>}</td>
                <td>
                  <a href={quarantineHref(r.id)}>
                    {r.subject ? (
                      <UserText value={r.subject} />
                    ) : r.channel === 'webhook' ? (
                      '(a webhook payload)'
                    ) : (
                      '(no subject)'
                    )}
                  </a>
                </td>
                <td>{r.ticketId ? ticketLink(r.ticketId) : <span class="muted">—</span>}</td>
                <td>
                  <Settled record={r} formats={formats} /> {r.released || r.discarded ? null : 'Waiting'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">Nothing is in quarantine.</p>
      )}
    </>,
    chrome,
  );
}

export interface QuarantineMailInput {
  record: QuarantineRecord;
  /** The kept mail as read, or why it cannot be shown. */
  mail: OriginalMail | { missing: string };
  policy: Policy;
  formats: Formats;
  chrome: Chrome & { csrf: string };
  flash?: { kind: 'ok' | 'error'; text: string };
  /** A refused form: which one, what was typed, and the field errors. */
  submitted?: { form: 'onto' | 'new' | 'discard'; values: Record<string, string>; issues: FieldIssue[] };
}

function FieldError({ issues, field }: { issues: Map<string, string>; field: string }) {
  const message = issues.get(field);
  return message ? (
    <span class="field-error" id={`err-${field}`}>
      {message}
    </span>
  ) : null;
}

/** The three forms: onto a ticket, as a new ticket, discard. */
function SettleForms({
  record,
  policy,
  csrf,
  submitted,
}: Pick<QuarantineMailInput, 'record' | 'policy' | 'submitted'> & { csrf: string }) {
  const action = (what: string) => `${quarantineHref(record.id)}/${what}`;
  const valuesOf = (form: string) => (submitted?.form === form ? submitted.values : {});
  const issuesOf = (form: string) =>
    new Map(submitted?.form === form ? submitted.issues.map((i) => [i.field, i.message]) : []);
  const onto = valuesOf('onto');
  const fresh = valuesOf('new');
  const discard = valuesOf('discard');
  const ontoIssues = issuesOf('onto');
  const newIssues = issuesOf('new');
  const discardIssues = issuesOf('discard');
  const hasKeptMail = record.channel === 'email' && record.rawKey !== null;
  return (
    <section aria-labelledby="h-settle">
      <h2 id="h-settle">What to do with it</h2>
      <div class="actions">
        {hasKeptMail ? (
          <>
            <form method="post" action={action('release')} id="form-onto" aria-labelledby="h-onto">
              <h3 id="h-onto">Add to a ticket</h3>
              <CsrfField csrf={csrf} />
              <input type="hidden" name="as" value="comment" />
              <label for="onto-ticketId">Ticket</label>
              <input
                id="onto-ticketId"
                name="ticketId"
                value={onto.ticketId ?? record.ticketId ?? ''}
                placeholder="INC-2026-000042"
                required
                aria-describedby={ontoIssues.has('ticketId') ? 'err-ticketId' : undefined}
              />
              <FieldError issues={ontoIssues} field="ticketId" />
              <p class="hint">Added as a comment from its sender, with you as who released it.</p>
              <button type="submit">Add to ticket</button>
            </form>
            <form method="post" action={action('release')} id="form-new" aria-labelledby="h-new">
              <h3 id="h-new">Open a new ticket</h3>
              <CsrfField csrf={csrf} />
              <input type="hidden" name="as" value="new-ticket" />
              <label for="new-customerId">Customer</label>
              <select id="new-customerId" name="customerId" required>
                <option value="">Choose a customer</option>
                {policy.customers.map((c) => (
                  <option value={c.id} selected={fresh.customerId === c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <FieldError issues={newIssues} field="customerId" />
              <label for="new-kind">Kind</label>
              <select id="new-kind" name="kind">
                {ticketKinds.map((k) => (
                  <option value={k} selected={(fresh.kind ?? 'incident') === k}>
                    {kindWords.get(k) ?? k}
                  </option>
                ))}
              </select>
              <FieldError issues={newIssues} field="kind" />
              <FieldError issues={newIssues} field="asNewTicket" />
              <p class="hint">Opened as mail intake opens one: its subject, its text, its sender as requester.</p>
              <button type="submit">Open ticket</button>
            </form>
          </>
        ) : (
          <p class="muted">No mail is kept for this record, so it can only be discarded.</p>
        )}
        <form method="post" action={action('discard')} id="form-discard" aria-labelledby="h-discard">
          <h3 id="h-discard">Discard</h3>
          <CsrfField csrf={csrf} />
          <label for="discard-reason">Why</label>
          <textarea
            id="discard-reason"
            name="reason"
            required
            aria-describedby={discardIssues.has('reason') ? 'err-reason' : undefined}
          >
            {discard.reason ?? ''}
          </textarea>
          <FieldError issues={discardIssues} field="reason" />
          <p class="hint">Nothing is deleted: the record says who discarded it and why, and the raw message stays.</p>
          <button type="submit" class="quiet">
            Discard
          </button>
        </form>
      </div>
    </section>
  );
}

export function quarantineMailPage(input: QuarantineMailInput): string {
  const { record, mail, policy, formats, chrome, flash, submitted } = input;
  const settled = record.released || record.discarded;
  return consolePage(
    `Quarantined mail`,
    <>
      <p class="muted">
        <a href="/console/quarantine">← Quarantine</a>
      </p>
      {flash ? (
        <p
          class={`flash${flash.kind === 'error' ? ' error' : ''}`}
          id="flash"
          role={flash.kind === 'error' ? 'alert' : 'status'}
        >
          {flash.text}
        </p>
      ) : null}
      <FactList
        class="facts"
        rows={[
          ['Received', <Instant at={record.at} formats={formats} />],
          ['Reason', reasonText(record.reason)],
          ['Detail', record.detail ? <UserText value={record.detail} /> : null],
          ['Sender', record.from ? <UserText value={record.from} /> : null],
          ['Names ticket', record.ticketId ? ticketLink(record.ticketId) : null],
          ['State', settled ? <Settled record={record} formats={formats} /> : 'Waiting for an agent'],
        ]}
      />
      {settled ? null : <SettleForms record={record} policy={policy} csrf={chrome.csrf} submitted={submitted} />}
      {'missing' in mail ? <p class="muted">{mail.missing}</p> : <OriginalMailSections mail={mail} formats={formats} />}
    </>,
    chrome,
  );
}
