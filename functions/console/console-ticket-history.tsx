// The ticket page's history: the requester's earlier tickets and the customer's other tickets,
// newest first, each with its state and how its SLA came out.
import type { Policy } from '../../workflows/policy/policy';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { HistoryLine, TicketHistory } from '../../workflows/lifecycle/ticket-history';
import type { ClockStanding } from '../../workflows/lifecycle/sla-standing';
import type { Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';

const outcome = (clock: string, state: ClockStanding['state']) =>
  `${clock} ${state === 'stopped' ? 'not counted' : state}`;

function HistoryTable({
  id,
  title,
  lines,
  formats,
}: {
  id: string;
  title: string;
  lines: HistoryLine[];
  formats: Formats;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lines.length ? (
        <table data-history={id}>
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">Subject</th>
              <th scope="col">State</th>
              <th scope="col">Created ({formats.timeZone})</th>
              <th scope="col">SLA</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr data-ticket={line.id}>
                <td>
                  <a href={`/console/tickets/${encodeURIComponent(line.id)}`}>{line.id}</a>
                </td>
                <td>
                  <UserText value={line.subject} />
                </td>
                <td>{line.title.en}</td>
                <td>
                  <time datetime={formats.iso(line.createdAt)}>{formats.stamp(line.createdAt)}</time>
                </td>
                <td>
                  {outcome('response', line.sla.response)} · {outcome('resolution', line.sla.resolution)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">None.</p>
      )}
    </section>
  );
}

export function TicketHistoryView({
  head,
  history,
  policy,
  formats,
}: {
  head: TicketHead;
  history: TicketHistory;
  policy: Policy;
  formats: Formats;
}) {
  const customer = head.customerId && (policy.customers.find((c) => c.id === head.customerId)?.name ?? head.customerId);
  return (
    <>
      <HistoryTable
        id="h-history-requester"
        title="Earlier tickets of this requester"
        lines={history.requester}
        formats={formats}
      />
      {customer ? (
        <HistoryTable
          id="h-history-customer"
          title={`Other tickets of ${customer}`}
          lines={history.customer}
          formats={formats}
        />
      ) : null}
    </>
  );
}
