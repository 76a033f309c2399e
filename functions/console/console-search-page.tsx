// The console's search page: the filter form (the API's parameters, the same meanings), the
// tickets found as rows linking to each ticket, a link to the next page, and for bad parameters
// each named with what is wrong with it.
import { OwnerText } from './console-owner';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { priorities, ticketKinds, type Policy } from '../../workflows/policy/policy';
import { UserText } from '../views/user-text-bdi';
import { consoleFormats, consolePage, stageTitle, type Chrome } from './console-pages';

export interface SearchPageInput {
  /** What the agent asked, as they typed it (the form shows it again). */
  params: Map<string, string>;
  policy: Policy;
  machine: TicketMachine;
  chrome: Chrome;
  found?: { heads: TicketHead[]; next: string | null };
  issues?: FieldIssue[];
}

const ticketHref = (id: string) => `/console/tickets/${encodeURIComponent(id)}`;

function Choice(props: {
  name: string;
  label: string;
  params: Map<string, string>;
  options: { value: string; label: string }[];
}) {
  const current = props.params.get(props.name) ?? '';
  return (
    <div>
      <label for={`search-${props.name}`}>{props.label}</label>
      <select id={`search-${props.name}`} name={props.name}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Text(props: { name: string; label: string; params: Map<string, string>; email?: boolean }) {
  const id = `search-${props.name}`;
  const value = props.params.get(props.name) ?? '';
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.email ? (
        <input id={id} name={props.name} type="email" value={value} />
      ) : (
        <input id={id} name={props.name} type="search" value={value} />
      )}
    </div>
  );
}

/** A day (the desk's); the API also takes an instant, which a date field cannot type. */
function Day(props: { name: string; label: string; params: Map<string, string> }) {
  return (
    <div>
      <label for={`search-${props.name}`}>{props.label}</label>
      <input id={`search-${props.name}`} name={props.name} type="date" value={props.params.get(props.name) ?? ''} />
    </div>
  );
}

function SearchForm({ params, policy, machine }: Pick<SearchPageInput, 'params' | 'policy' | 'machine'>) {
  const statuses = [
    { value: 'open', label: 'Open' },
    ...lifecycleStatuses(machine).map((s) => ({ value: s.status, label: s.title.en })),
  ];
  return (
    <form method="get" action="/console/search" aria-label="Search tickets">
      <fieldset class="row-fields">
        <legend>Search</legend>
        <Text name="q" label="Words" params={params} />
        <Choice name="status" label="Status" params={params} options={statuses} />
        <Choice
          name="customer"
          label="Customer"
          params={params}
          options={policy.customers.map((c) => ({ value: c.id, label: c.name }))}
        />
        <Text name="requester" label="Requester (e-mail)" params={params} email />
        <Choice
          name="assignee"
          label="Assignee"
          params={params}
          options={policy.agents.map((a) => ({ value: a.id, label: a.name }))}
        />
        <Choice
          name="team"
          label="Team"
          params={params}
          options={policy.teams.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Choice name="kind" label="Kind" params={params} options={ticketKinds.map((k) => ({ value: k, label: k }))} />
        <Choice
          name="priority"
          label="Priority"
          params={params}
          options={priorities.map((p) => ({ value: p, label: p }))}
        />
        <Day name="from" label="Created from" params={params} />
        <Day name="to" label="Created to" params={params} />
        <div>
          <button type="submit">Search</button>
        </div>
      </fieldset>
    </form>
  );
}

/** The same search one page on: what was asked, with the cursor the last page handed back. */
const nextHref = (params: Map<string, string>, cursor: string) => {
  const query = new URLSearchParams([...params].filter(([name]) => name !== 'cursor'));
  query.set('cursor', cursor);
  return `/console/search?${query.toString()}`;
};

export function searchPage(input: SearchPageInput): string {
  const { params, machine, chrome, found, issues } = input;
  const formats = consoleFormats(input.policy);
  const customerName = new Map(input.policy.customers.map((c) => [c.id, c.name]));
  return consolePage(
    'Search',
    <>
      <SearchForm params={params} policy={input.policy} machine={machine} />
      {issues?.length ? (
        <div class="flash error" role="alert">
          <p>This search cannot be run:</p>
          <ul>
            {issues.map((i) => (
              <li>
                <strong>{i.field}</strong>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {found ? (
        found.heads.length ? (
          <table>
            <caption>Tickets found{params.has('cursor') ? ' (a later page)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Subject</th>
                <th scope="col">State</th>
                <th scope="col">Priority</th>
                <th scope="col">Customer</th>
                <th scope="col">Owner</th>
                <th scope="col">Created</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {found.heads.map((h) => (
                <tr data-ticket={h.id}>
                  <td>
                    <a href={ticketHref(h.id)}>{h.id}</a>
                  </td>
                  <td>
                    <UserText value={h.subject} />
                  </td>
                  <td>{stageTitle(machine, h.stage)}</td>
                  <td>{h.priority}</td>
                  <td>{h.customerId === null ? '' : (customerName.get(h.customerId) ?? h.customerId)}</td>
                  <td>
                    <OwnerText policy={input.policy} assigneeId={h.assigneeId} teamId={h.teamId} />
                  </td>
                  <td>{formats.stamp(h.createdAt)}</td>
                  <td>{formats.stamp(h.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{found.next ? 'Nothing found on this page of the search.' : 'No ticket matches this search.'}</p>
        )
      ) : null}
      {found?.next ? (
        <p>
          <a href={nextHref(params, found.next)} rel="next">
            Next page
          </a>
        </p>
      ) : null}
    </>,
    chrome,
  );
}
