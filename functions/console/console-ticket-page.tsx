// The console's ticket page: what the ticket is (and whether a customer or vendor wrote since the
// desk last acted), its mail that was not delivered (up front, with a resend form each), one form
// per event the statechart allows now, the pending timers, the timeline as a conversation
// (console-timeline.tsx), and the lifecycle diagram with the current state marked.
import { OwnerText } from './console-owner';
import type { ComponentChildren } from 'preact';
import type { StoredOutboxMessage, Suppression } from '../../workflows/mail/outbox-delivery';
import type { Policy } from '../../workflows/policy/policy';
import type { LoggedEvent, TicketHead } from '../../workflows/lifecycle/ticket-engine';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import type { TicketMachine } from '../../workflows/lifecycle/ticket-machine';
import { rulesFor, slaStanding } from '../../workflows/lifecycle/sla-standing';
import { consoleFormats, consolePage, CsrfField, stageTitle, type Chrome } from './console-pages';
import { eventForm, MAX_FORM_ROWS, type EventForm, type FormRows } from './console-event-forms';
import { Control } from './console-controls';
import { NewReplyBadge, SlaCell } from './console-queue-page';
import { MailFailures } from './console-mail-status';
import { FactList, Person, PlannedFor } from './console-event-content';
import { Timeline } from './console-timeline';
import { TicketHistoryView } from './console-ticket-history';
import type { TicketHistory } from '../../workflows/lifecycle/ticket-history';
import { hasNewReply } from '../../workflows/lifecycle/ticket-engine';
import { duration, type Formats } from '../views/formats';
import { UserText } from '../views/user-text-bdi';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** A form that came back refused: what the agent typed, and what was wrong with it. */
export interface Submitted {
  type: string;
  values: Record<string, string>;
  issues: FieldIssue[];
}

export interface TicketPageInput {
  head: TicketHead;
  events: LoggedEvent[];
  /** As stored: the dispatcher moves `status` on from pending to sent or failed; a resend back to pending. */
  outbox: StoredOutboxMessage[];
  /** Suppressions in force for the addresses of failed mail (a resend must clear them). */
  suppressions: Map<string, Suppression>;
  allowed: string[];
  /** The requester's and the customer's other tickets (ticket-history.ts); ticketPageData always reads them. */
  history?: TicketHistory;
  machine: TicketMachine;
  policy: Policy;
  now: number;
  chrome: Chrome & { csrf: string };
  flash?: Flash;
  submitted?: Submitted;
  /** Rows the list fields (quote lines, materials) show. */
  rows?: number;
  /** The lifecycle diagram with the current state marked (lifecycleDiagramHtml); a refused form's page goes without. */
  diagram?: string;
}

function RowsControl({
  type,
  rows,
  values,
  issues,
  ticketId,
}: {
  type: string;
  rows: FormRows;
  values: Record<string, string>;
  issues: Map<string, string>;
  ticketId: string;
}) {
  const error = issues.get(rows.name);
  const singular = rows.label.replace(/s$/, '').replace(/^Quote l/, 'L');
  return (
    <fieldset>
      <legend>
        {rows.label}
        {rows.minRows === 0 ? ' (optional)' : ''}
      </legend>
      <p class="hint">Fill in as many rows as needed; empty rows are skipped.</p>
      {error ? <span class="field-error">{error}</span> : null}
      {Array.from({ length: rows.rows }, (_, i) => (
        <fieldset class="row-fields">
          <legend>
            {singular} {i + 1}
          </legend>
          {rows.fields.map((f) => {
            const name = `${rows.name}.${i}.${f.name}`;
            // A row may stay empty (it is skipped), so only the first `minRows` carry `required`.
            const field = { ...f, name, required: f.required && i < rows.minRows };
            return (
              <div>
                <Control
                  type={type}
                  field={field}
                  value={values[name] ?? ''}
                  issue={issues.get(name)}
                  label={f.label}
                  markOptional={false}
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      {/* Without script a form cannot grow: a plain link shows the page again with more rows. */}
      {rows.rows < MAX_FORM_ROWS ? (
        <p>
          <a
            href={`/console/tickets/${encodeURIComponent(ticketId)}?rows=${Math.min(MAX_FORM_ROWS, rows.rows + 5)}#form-${type}`}
          >
            More rows
          </a>{' '}
          <span class="hint">(what you typed here is not kept)</span>
        </p>
      ) : null}
    </fieldset>
  );
}

function EventFormView({
  form,
  ticketId,
  csrf,
  submitted,
}: {
  form: EventForm;
  ticketId: string;
  csrf: string;
  submitted: Submitted | undefined;
}) {
  const mine = submitted?.type === form.type ? submitted : undefined;
  const values = mine ? mine.values : form.values;
  const issues = new Map((mine?.issues ?? []).map((i) => [i.field, i.message]));
  const general = [...issues].filter(
    ([field]) => !form.fields.some((f) => field === f.name || field.startsWith(`${f.name}.`)),
  );
  const wide = form.fields.some((f) => 'rows' in f) ? 'wide' : undefined;
  return (
    <form
      method="post"
      action={`/console/tickets/${encodeURIComponent(ticketId)}/events`}
      id={`form-${form.type}`}
      aria-labelledby={`h-${form.type}`}
      class={wide}
      {...(form.files ? { enctype: 'multipart/form-data' } : {})}
    >
      <h3 id={`h-${form.type}`}>
        {form.title} <span class="muted">({form.type})</span>
      </h3>
      {form.help ? <p class="hint">{form.help}</p> : null}
      {general.map(([field, message]) => (
        <p class="field-error">
          {field}: {message}
        </p>
      ))}
      <CsrfField csrf={csrf} />
      <input type="hidden" name="type" value={form.type} />
      {form.fields.map((f) =>
        'rows' in f ? (
          <RowsControl type={form.type} rows={f} values={values} issues={issues} ticketId={ticketId} />
        ) : (
          <div>
            <Control type={form.type} field={f} value={values[f.name] ?? ''} issue={issues.get(f.name)} />
          </div>
        ),
      )}
      {form.files ? (
        <div>
          <label for={`${form.type}-files`}>
            Files <span class="hint">(optional)</span> <span class="hint">({form.files.hint})</span>
          </label>
          <input type="file" id={`${form.type}-files`} name="files" multiple accept={form.files.accept} />
        </div>
      ) : null}
      <p>
        <button type="submit">{form.title}</button>
      </p>
    </form>
  );
}

/** `vendorFollowUp` → "Vendor follow-up"-ish: the delay's name as words. */
const timerTitle = (name: string) => {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^sla /, 'SLA ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function Facts({ input, formats }: { input: TicketPageInput; formats: Formats }) {
  const { head, policy, machine, now } = input;
  const { context } = head.snapshot;
  const sla = slaStanding(rulesFor(policy), policy, head.snapshot, now);
  const vendor = context.vendor && policy.vendors.find((v) => v.id === context.vendor!.id);
  const facts: [string, ComponentChildren][] = [
    [
      'State',
      <>
        {stageTitle(machine, head.stage)} <span class="muted">({head.stage})</span>
      </>,
    ],
    ['Kind / priority', `${head.kind} / ${head.priority}`],
    ['Customer', policy.customers.find((c) => c.id === head.customerId)?.name ?? head.customerId ?? '—'],
    ['Requester', <Person name={head.requester.name} email={head.requester.email} />],
    ['Owner', <OwnerText policy={policy} assigneeId={head.assigneeId} teamId={head.teamId} />],
    [
      'Category',
      <>
        <UserText value={context.category ?? '—'} />
        {context.catalogItemId ? ` · catalog ${context.catalogItemId}` : null}
        {context.inScope === false ? (
          <>
            {' '}
            · <strong>out of scope</strong>
          </>
        ) : null}
      </>,
    ],
    ['SLA', <SlaCell sla={sla} formats={formats} />],
  ];
  if (context.vendor) {
    const v = context.vendor;
    facts.push([
      'Vendor',
      <>
        {vendor?.name ?? v.id}
        {v.ref ? (
          <>
            {' '}
            · ref <UserText value={v.ref} />
          </>
        ) : null}
        {` · ${v.reminders} reminder(s)`}
        {v.escalated ? (
          <>
            {' '}
            · <strong>escalated</strong>
          </>
        ) : null}
      </>,
    ]);
  }
  if (context.quote)
    facts.push([
      'Quote',
      `v${context.quote.version}, ${formats.money(context.quote.totalCents)}${context.quote.approvedAt ? ` · approved ${formats.stamp(context.quote.approvedAt)}` : ''}`,
    ]);
  for (const [i, visit] of context.visits.entries()) {
    const billed =
      visit.hours !== undefined
        ? ` · ${formats.quantity(visit.hours)} h${visit.amountCents !== undefined ? ` · ${formats.money(visit.amountCents)}` : ''}`
        : '';
    facts.push([
      `Visit ${i + 1}`,
      <>
        <UserText value={visit.technician} />, planned for <PlannedFor value={visit.plannedFor} formats={formats} />
        {billed}
      </>,
    ]);
  }
  if (hasNewReply(head))
    facts.push([
      'Conversation',
      <>
        <NewReplyBadge /> the customer or vendor wrote {formats.stamp(head.conversation?.inboundAt)}, after the desk
        last acted
      </>,
    ]);
  facts.push([
    'Created / updated',
    `${formats.stamp(head.createdAt)} / ${formats.stamp(head.updatedAt)} · version ${head.version}`,
  ]);
  return <FactList rows={facts} class="facts" />;
}

/** The lifecycle diagram (lifecycleDiagramHtml): the one raw string on the page; a refused form's page links to it. */
function Diagram({ ticketId, stage, diagram }: { ticketId: string; stage: string; diagram?: string }) {
  if (diagram === undefined) {
    return (
      <p>
        <a href={`/console/tickets/${encodeURIComponent(ticketId)}#h-diagram`}>The lifecycle diagram</a> is on the
        ticket's page.
      </p>
    );
  }
  return (
    <div
      class="diagram"
      tabindex={0}
      role="region"
      aria-label={`Lifecycle diagram, current state ${stage} marked`}
      dangerouslySetInnerHTML={{ __html: diagram }}
    />
  );
}

export function ticketPage(input: TicketPageInput): string {
  const { head, policy, now } = input;
  const formats = consoleFormats(policy);
  // The stage's own events first; those any open ticket takes (priority, note) and cancelling last.
  const order = (type: string) => ['SET_PRIORITY', 'ADD_NOTE', 'CANCEL'].indexOf(type);
  // A refused form comes back with at least the rows the agent filled in.
  const rowsOf = (type: string) =>
    Math.max(
      input.rows ?? 3,
      ...Object.keys(input.submitted?.type === type ? input.submitted.values : {}).map(
        (k) => Number(/^\w+\.(\d+)\./.exec(k)?.[1] ?? -1) + 1,
      ),
    );
  const forms = [...input.allowed]
    .sort((a, b) => order(a) - order(b))
    .flatMap((type) => eventForm(type, head, policy, rowsOf(type)) ?? []);
  const { flash } = input;
  return consolePage(
    `${head.id}`,
    <>
      {flash ? (
        <p
          class={flash.kind === 'error' ? 'flash error' : 'flash'}
          role={flash.kind === 'error' ? 'alert' : 'status'}
          id="flash"
        >
          {flash.text}
        </p>
      ) : null}
      <p class="muted">
        <a href="/console">← Queue</a>
      </p>
      <p>
        <strong>
          <UserText value={head.subject} />
        </strong>
      </p>
      <MailFailures
        ticketId={head.id}
        outbox={input.outbox}
        suppressions={input.suppressions}
        csrf={input.chrome.csrf}
        formats={formats}
      />
      <Facts input={input} formats={formats} />
      <section aria-labelledby="h-actions">
        <h2 id="h-actions">Actions allowed now</h2>
        {forms.length ? (
          <div class="actions">
            {forms.map((f) => (
              <EventFormView form={f} ticketId={head.id} csrf={input.chrome.csrf} submitted={input.submitted} />
            ))}
          </div>
        ) : (
          <p>No events can be applied: the ticket is {stageTitle(input.machine, head.stage).toLowerCase()}.</p>
        )}
      </section>
      <section aria-labelledby="h-timers">
        <h2 id="h-timers">Pending timers</h2>
        {head.timers.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Timer</th>
                <th scope="col">Due ({formats.timeZone})</th>
                <th scope="col">In</th>
              </tr>
            </thead>
            <tbody>
              {head.timers.map((t) => (
                <tr data-timer={t.name}>
                  <td>
                    {timerTitle(t.name)} <span class="muted">({t.name})</span>
                  </td>
                  <td>
                    <time datetime={formats.iso(t.dueAt)}>{formats.stamp(t.dueAt)}</time>
                  </td>
                  <td>{t.dueAt <= now ? 'due now' : duration(t.dueAt - now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No timers pending.</p>
        )}
      </section>
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">Timeline</h2>
        <Timeline input={{ ...input, retry: policy.outbox }} formats={formats} />
      </section>
      {input.history ? (
        <TicketHistoryView head={head} history={input.history} policy={policy} formats={formats} />
      ) : null}
      <section aria-labelledby="h-diagram">
        <h2 id="h-diagram">Lifecycle</h2>
        <Diagram ticketId={head.id} stage={head.stage} diagram={input.diagram} />
      </section>
    </>,
    input.chrome,
  );
}
