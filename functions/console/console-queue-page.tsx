// The console's queue page: the register-a-call form (collapsed), the filter form, then one table
// per state group, most urgent first, breached and at-risk tickets marked in words (not colour
// alone), and so are tickets with mail that failed for good (named again above the groups) and
// tickets where a customer or vendor wrote since the desk last acted ("new reply").
import type { Policy } from '../../workflows/policy/policy';
import { priorities, ticketKinds } from '../../workflows/policy/policy';
import type { ClockStanding, SlaStanding } from '../../workflows/lifecycle/sla-standing';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { consoleFormats, consolePage, stageTitle, type Chrome } from './console-pages';
import { CreateForm } from './console-create-form';
import { MailFailedBadge } from './console-mail-status';
import { queueTabs, type QueueFilter, type QueueGroup, type QueueTab } from './console-queue-view';
import { OwnerText } from './console-owner';
import { duration, type Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';

const markLabel = { breached: 'BREACHED', 'at-risk': 'AT RISK' } as const;

export function MarkBadge({ mark }: { mark: SlaStanding['mark'] }) {
  return mark ? <span class={`mark ${mark}`}>{markLabel[mark]}</span> : null;
}

export function clockText(c: ClockStanding, formats: Formats): string {
  const name = c.clock === 'response' ? 'Response' : 'Resolution';
  switch (c.state) {
    case 'breached':
      return `${name}: breached${c.breachedAt ? ` ${formats.stamp(c.breachedAt)}` : ''}`;
    case 'running':
      return `${name}: ${duration(c.remainingMs)} left, due ${formats.stamp(c.dueAt)}`;
    case 'paused':
      return `${name}: paused (${duration(c.remainingMs)} left)`;
    case 'met':
      return `${name}: met`;
    default:
      return `${name}: stopped`;
  }
}

/** The clocks that still matter: the response clock until it is met, and the resolution clock. */
export function SlaCell({ sla, formats }: { sla: SlaStanding; formats: Formats }) {
  const clocks = [
    ...(sla.response.state === 'met' || sla.response.state === 'stopped' ? [] : [sla.response]),
    sla.resolution,
  ];
  return (
    <>
      <MarkBadge mark={sla.mark} />
      {clocks.map((c, i) => (
        <>
          {i ? <br /> : null}
          <span class={c.mark ?? ''}>{clockText(c, formats)}</span>
        </>
      ))}
    </>
  );
}

/** A customer or vendor wrote since the desk last acted: in words, with what it means for a screen reader. */
export const NewReplyBadge = () => (
  <span class="mark new-reply">
    NEW REPLY<span class="visually-hidden">: the customer or vendor wrote since the desk last acted</span>
  </span>
);

interface SelectProps {
  id: string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  chosen: string | null;
}

function Select({ id, name, label, options, chosen }: SelectProps) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {[{ value: '', label: 'All' }, ...options].map((o) => (
          <option value={o.value} selected={o.value === (chosen ?? '') ? true : undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface QueuePageInput {
  groups: QueueGroup[];
  filter: QueueFilter;
  /** Which tab: every open ticket (the default), or the signed-in agent's work and teams. */
  tab?: QueueTab;
  /** The signed-in agent's teams (none for an agent the policy does not name). */
  teams?: readonly string[];
  ignored: string[];
  policy: Policy;
  machine: TicketMachine;
  now: number;
  month: string;
  chrome: Chrome;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function Group({ group, input, formats }: { group: QueueGroup; input: QueuePageInput; formats: Formats }) {
  const { policy, machine } = input;
  const customerName = (id: string | null) => policy.customers.find((c) => c.id === id)?.name ?? id ?? '—';
  const heading = (
    <h2 id={`g-${group.id}`}>
      {group.title} <span class="muted">({group.rows.length})</span>
    </h2>
  );
  if (!group.rows.length)
    return (
      <section aria-labelledby={`g-${group.id}`} data-group={group.id}>
        {heading}
        <p class="muted">None.</p>
      </section>
    );
  const columns = ['Ticket', 'Subject', 'Customer', 'Owner', 'Kind', 'Priority', 'State', 'SLA', 'Updated'];
  return (
    <section aria-labelledby={`g-${group.id}`} data-group={group.id}>
      {heading}
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {group.rows.map(({ head, sla, failedMails, newReply }) => {
            const ticket = `/console/tickets/${encodeURIComponent(head.id)}`;
            return (
              <tr
                class={sla.mark ?? ''}
                data-ticket={head.id}
                data-mail-failed={failedMails ? String(failedMails) : undefined}
                data-new-reply={newReply ? 'true' : undefined}
              >
                <th scope="row">
                  <a href={ticket}>{head.id}</a>
                  {newReply ? (
                    <>
                      <br />
                      <a href={`${ticket}#h-timeline`}>
                        <NewReplyBadge />
                      </a>
                    </>
                  ) : null}
                  {failedMails ? (
                    <>
                      <br />
                      <a href={`${ticket}#mail-failed`}>
                        <MailFailedBadge />
                      </a>
                    </>
                  ) : null}
                </th>
                <td>
                  <UserText value={head.subject} />
                </td>
                <td>{customerName(head.customerId)}</td>
                <td>
                  <OwnerText policy={policy} assigneeId={head.assigneeId} teamId={head.teamId} />
                </td>
                <td>{head.kind}</td>
                <td>{head.priority}</td>
                <td>{stageTitle(machine, head.stage)}</td>
                <td>
                  <SlaCell sla={sla} formats={formats} />
                </td>
                <td>{formats.stamp(head.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The tabs, the current one marked for screen readers too; an agent's tabs say which teams they read. */
function QueueTabs({ tab, teams, policy }: { tab: QueueTab; teams: readonly string[]; policy: Policy }) {
  const names = teams.map((t) => policy.teams.find((x) => x.id === t)?.name ?? t);
  return (
    <nav class="tabs" aria-label="Queues">
      {(Object.keys(queueTabs) as QueueTab[]).map((id, i) => (
        <>
          {i ? ' · ' : ''}
          <a href={id === 'open' ? '/console' : `/console?view=${id}`} aria-current={id === tab ? 'page' : undefined}>
            {queueTabs[id]}
          </a>
        </>
      ))}
      {tab !== 'open' ? (
        <p class="muted">
          {names.length ? `Your teams: ${names.join(', ')}.` : 'You are in no team of the policy: no queue is yours.'}
        </p>
      ) : null}
    </nav>
  );
}

export function queuePage(input: QueuePageInput): string {
  const { groups, filter, policy, now } = input;
  const formats = consoleFormats(policy);
  const customers = policy.customers.map((c) => ({ value: c.id, label: c.name }));
  const total = groups.reduce((n, g) => n + g.rows.length, 0);
  const withFailures = groups.flatMap((g) => g.rows).filter((r) => r.failedMails > 0);
  return consolePage(
    'Queue',
    <>
      {/* Collapsed until wanted: a summary is a button to the keyboard (Enter or Space opens it), no script needed. */}
      {input.chrome.csrf ? (
        <details class="register" id="register">
          <summary>
            Register a call <span class="muted">(a phone call, or on a customer's behalf)</span>
          </summary>
          <CreateForm policy={policy} csrf={input.chrome.csrf} />
        </details>
      ) : null}
      <QueueTabs tab={input.tab ?? 'open'} teams={input.teams ?? []} policy={policy} />
      <form method="get" action="/console" class="filters" aria-label="Filter the queue">
        {input.tab && input.tab !== 'open' ? <input type="hidden" name="view" value={input.tab} /> : null}
        <Select id="f-customer" name="customer" label="Customer" options={customers} chosen={filter.customer} />
        <Select
          id="f-kind"
          name="kind"
          label="Kind"
          options={ticketKinds.map((k) => ({ value: k, label: k }))}
          chosen={filter.kind}
        />
        <Select
          id="f-priority"
          name="priority"
          label="Priority"
          options={priorities.map((p) => ({ value: p, label: p }))}
          chosen={filter.priority}
        />
        <div>
          <button type="submit">Filter</button> <a href="/console">Clear</a>
        </div>
      </form>
      {input.ignored.length ? (
        <p class="flash error" role="status">
          Ignored unknown filter value for: {input.ignored.join(', ')}.
        </p>
      ) : null}
      {withFailures.length ? (
        <p class="flash error" role="status" id="mail-failures">
          <MailFailedBadge /> Mail was not delivered on {plural(withFailures.length, 'open ticket')}:{' '}
          {withFailures.map((r, i) => (
            <>
              {i ? ', ' : ''}
              <a href={`/console/tickets/${encodeURIComponent(r.head.id)}#mail-failed`}>{r.head.id}</a>
            </>
          ))}
          .
        </p>
      ) : null}
      <p class="muted">
        {plural(total, 'open ticket')}; desk time {formats.stamp(now)}. Each group is sorted by SLA urgency: breached
        first, then the soonest due.
      </p>
      {groups.map((group) => (
        <Group group={group} input={input} formats={formats} />
      ))}
      <h2>Billing</h2>
      <form method="get" action="/console/billing" class="filters" aria-label="Billing export">
        <div>
          <label for="b-month">Billing month</label>
          <input id="b-month" name="month" type="month" value={input.month} required />
        </div>
        <Select id="b-customer" name="customer" label="Customer" options={customers} chosen={null} />
        <div>
          <button type="submit" class="quiet">
            Download billing CSV
          </button>
        </div>
      </form>
    </>,
    input.chrome,
  );
}
