// The console's ticket page: what the ticket is, its mail that was not delivered (up front, with a
// resend form each), one form per event the statechart allows now, the pending timers, the
// timeline from the event log with the mails each event sent, and the lifecycle diagram with the
// current state marked.
import type { StoredOutboxMessage, Suppression } from '../workflows/outbox-delivery';
import type { Policy } from '../workflows/policy';
import type { LoggedEvent, TicketHead } from '../workflows/ticket-engine';
import type { FieldIssue } from '../workflows/ticket-events';
import type { TicketMachine } from '../workflows/ticket-machine';
import { lifecycleSvg } from '../workflows/lifecycle-svg';
import { euro } from '../workflows/money';
import { rulesFor, slaStanding } from '../workflows/sla-standing';
import { consolePage, duration, e, isoAt, stageTitle, u, when, type Chrome } from './console-pages';
import { eventForm, eventTitle, MAX_FORM_ROWS, type EventForm, type FormRows } from './console-event-forms';
import { control } from './console-controls';
import { slaCell } from './console-queue-page';
import { mailFailuresHtml, mailStatusHtml } from './console-mail-status';

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
  machine: TicketMachine;
  policy: Policy;
  now: number;
  chrome: Chrome & { csrf: string };
  flash?: Flash;
  submitted?: Submitted;
  /** Rows the list fields (quote lines, materials) show. */
  rows?: number;
}

function rowsControl(type: string, rows: FormRows, values: Record<string, string>, issues: Map<string, string>, ticketId: string): string {
  const error = issues.get(rows.name);
  const singular = rows.label.replace(/s$/, '').replace(/^Quote l/, 'L');
  const items = Array.from({ length: rows.rows }, (_, i) => {
    // A row may stay empty (it is skipped), so only the first `minRows` carry `required`.
    const cells = rows.fields.map((f) => `<div>${control(type, { ...f, name: `${rows.name}.${i}.${f.name}`, required: f.required && i < rows.minRows }, values[`${rows.name}.${i}.${f.name}`] ?? '', issues.get(`${rows.name}.${i}.${f.name}`), f.label, false)}</div>`);
    return `<fieldset class="row-fields"><legend>${e(singular)} ${i + 1}</legend>${cells.join('')}</fieldset>`;
  });
  const optional = rows.minRows === 0 ? ' (optional)' : '';
  // Without script a form cannot grow: a plain link shows the page again with more rows.
  const more = rows.rows < MAX_FORM_ROWS ? `<p><a href="/console/tickets/${encodeURIComponent(ticketId)}?rows=${Math.min(MAX_FORM_ROWS, rows.rows + 5)}#form-${e(type)}">More rows</a> <span class="hint">(what you typed here is not kept)</span></p>` : '';
  return `<fieldset><legend>${e(rows.label)}${optional}</legend><p class="hint">Fill in as many rows as needed; empty rows are skipped.</p>${error ? `<span class="field-error">${e(error)}</span>` : ''}${items.join('')}${more}</fieldset>`;
}

function formHtml(form: EventForm, ticketId: string, csrf: string, submitted: Submitted | undefined): string {
  const mine = submitted?.type === form.type ? submitted : undefined;
  const values = mine ? mine.values : form.values;
  const issues = new Map((mine?.issues ?? []).map((i) => [i.field, i.message]));
  const fields = form.fields.map((f) => ('rows' in f ? rowsControl(form.type, f, values, issues, ticketId) : `<div>${control(form.type, f, values[f.name] ?? '', issues.get(f.name))}</div>`));
  const general = [...issues].filter(([field]) => !form.fields.some((f) => field === f.name || field.startsWith(`${f.name}.`)));
  const wide = form.fields.some((f) => 'rows' in f) ? ' class="wide"' : '';
  return `<form method="post" action="/console/tickets/${encodeURIComponent(ticketId)}/events" id="form-${e(form.type)}" aria-labelledby="h-${e(form.type)}"${wide}>
<h3 id="h-${e(form.type)}">${e(form.title)} <span class="muted">(${e(form.type)})</span></h3>${form.help ? `<p class="hint">${e(form.help)}</p>` : ''}
${general.map(([field, message]) => `<p class="field-error">${e(field)}: ${e(message)}</p>`).join('')}
<input type="hidden" name="csrf" value="${e(csrf)}"><input type="hidden" name="type" value="${e(form.type)}">${fields.join('\n')}
<p><button type="submit">${e(form.title)}</button></p></form>`;
}

function payloadHtml(event: Record<string, unknown>): string {
  const { type: _type, at: _at, actor: _actor, ...payload } = event;
  const entries = Object.entries(payload).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (!entries.length) return '';
  const show = (v: unknown) => (typeof v === 'string' ? (v.includes('\n') || v.length > 120 ? `<pre dir="auto">${e(v)}</pre>` : u(v)) : `<code>${e(JSON.stringify(v))}</code>`);
  return `<ul>${entries.map(([k, v]) => `<li>${e(k)}: ${k.endsWith('Cents') && typeof v === 'number' ? e(euro(v)) : show(v)}</li>`).join('')}</ul>`;
}

/** `vendorFollowUp` → "Vendor follow-up"-ish: the delay's name as words. */
const timerTitle = (name: string) => {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^sla /, 'SLA ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function timelineHtml(input: TicketPageInput): string {
  const zone = input.policy.businessHours.timeZone;
  const mailsOf = (seq: number) => input.outbox.filter((m) => m.seq === seq);
  const items = input.events.map((logged) => {
    const what = logged.type.startsWith('timer:') ? `Timer ${logged.type.slice('timer:'.length)}` : logged.type === 'CREATED' ? 'Created' : eventTitle(logged.type);
    const mails = mailsOf(logged.seq).map((m) => {
      const resends = (m.resendHistory ?? []).map((r) => {
        const after = r.error ? ` after: ${r.error}` : '';
        const cleared = r.clearedSuppression ? ` · cleared the suppression (${r.clearedSuppression.status})` : '';
        return `<li>${e(`Resent ${when(r.at, zone)} by ${r.by.type} ${r.by.id}${after}${cleared}`)}</li>`;
      });
      const status = mailStatusHtml(m, input.policy.outbox, zone);
      return `<li data-mail-status="${e(m.status)}" data-mail="${m.seq}-${m.n}">Mail <strong>${e(m.template)}</strong> to ${e(m.address)}: \
“${e(m.subject)}” — ${status}${resends.length ? `<ul>${resends.join('')}</ul>` : ''}</li>`;
    });
    return `<li data-event="${e(logged.type)}"><time datetime="${isoAt(logged.at)}">${e(when(logged.at, zone))}</time> — <span class="what">${e(what)}</span> <span class="muted">(${e(logged.type)})</span> by ${e(logged.actor.type)} ${u(logged.actor.id)} → ${e(stageTitle(input.machine, logged.stage))}
${payloadHtml(logged.event)}${mails.length ? `<ul>${mails.join('')}</ul>` : ''}</li>`;
  });
  return `<ol class="timeline">${items.join('\n')}</ol>`;
}

function factsHtml(input: TicketPageInput): string {
  const { head, policy, machine, now } = input;
  const { context } = head.snapshot;
  const zone = policy.businessHours.timeZone;
  const sla = slaStanding(rulesFor(policy), policy, head.snapshot, now);
  const vendor = context.vendor && policy.vendors.find((v) => v.id === context.vendor!.id);
  const facts: [string, string][] = [
    ['State', `${e(stageTitle(machine, head.stage))} <span class="muted">(${e(head.stage)})</span>`],
    ['Kind / priority', `${e(head.kind)} / ${e(head.priority)}`],
    ['Customer', e(policy.customers.find((c) => c.id === head.customerId)?.name ?? head.customerId ?? '—')],
    ['Requester', `${head.requester.name ? `${u(head.requester.name)} ` : ''}&lt;${u(head.requester.email)}&gt;`],
    ['Category', u(context.category ?? '—') + (context.catalogItemId ? ` · catalog ${e(context.catalogItemId)}` : '') + (context.inScope === false ? ' · <strong>out of scope</strong>' : '')],
    ['SLA', slaCell(sla, zone)],
  ];
  if (context.vendor) facts.push(['Vendor', `${e(vendor?.name ?? context.vendor.id)}${context.vendor.ref ? ` · ref ${u(context.vendor.ref)}` : ''} · ${context.vendor.reminders} reminder(s)${context.vendor.escalated ? ' · <strong>escalated</strong>' : ''}`]);
  if (context.quote) facts.push(['Quote', `v${context.quote.version}, ${e(euro(context.quote.totalCents))}${context.quote.approvedAt ? ` · approved ${e(when(context.quote.approvedAt, zone))}` : ''}`]);
  for (const [i, visit] of context.visits.entries()) {
    facts.push([`Visit ${i + 1}`, `${u(visit.technician)}, planned ${e(visit.plannedFor)}${visit.hours !== undefined ? ` · ${visit.hours} h${visit.amountCents !== undefined ? ` · ${e(euro(visit.amountCents))}` : ''}` : ''}`]);
  }
  facts.push(['Created / updated', `${e(when(head.createdAt, zone))} / ${e(when(head.updatedAt, zone))} · version ${head.version}`]);
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function diagramHtml(machine: TicketMachine, stage: string): string {
  let svg: string;
  try {
    svg = lifecycleSvg(machine, { language: 'en', current: stage });
  } catch {
    // A stage this chart does not draw (written by an older chart): the diagram without a mark.
    svg = lifecycleSvg(machine, { language: 'en' });
  }
  return `<div class="diagram" tabindex="0" role="region" aria-label="Lifecycle diagram, current state ${e(stage)} marked">${svg}</div>`;
}

export function ticketPage(input: TicketPageInput): string {
  const { head, policy, now } = input;
  const zone = policy.businessHours.timeZone;
  const flash = input.flash ? `<p class="flash${input.flash.kind === 'error' ? ' error' : ''}" role="${input.flash.kind === 'error' ? 'alert' : 'status'}" id="flash">${e(input.flash.text)}</p>` : '';
  // The stage's own events first; those any open ticket takes (priority, note) and cancelling last.
  const order = (type: string) => ['SET_PRIORITY', 'ADD_NOTE', 'CANCEL'].indexOf(type);
  // A refused form comes back with at least the rows the agent filled in.
  const rowsOf = (type: string) => Math.max(input.rows ?? 3, ...Object.keys(input.submitted?.type === type ? input.submitted.values : {}).map((k) => Number(/^\w+\.(\d+)\./.exec(k)?.[1] ?? -1) + 1));
  const forms = [...input.allowed].sort((a, b) => order(a) - order(b)).flatMap((type) => eventForm(type, head, policy, rowsOf(type)) ?? []);
  const actions = forms.length
    ? `<div class="actions">${forms.map((f) => formHtml(f, head.id, input.chrome.csrf, input.submitted)).join('\n')}</div>`
    : `<p>No events can be applied: the ticket is ${e(stageTitle(input.machine, head.stage).toLowerCase())}.</p>`;
  const timers = head.timers.length
    ? `<table><thead><tr><th scope="col">Timer</th><th scope="col">Due (${e(zone)})</th><th scope="col">In</th></tr></thead><tbody>${head.timers
        .map((t) => `<tr data-timer="${e(t.name)}"><td>${e(timerTitle(t.name))} <span class="muted">(${e(t.name)})</span></td><td><time datetime="${isoAt(t.dueAt)}">${e(when(t.dueAt, zone))}</time></td><td>${t.dueAt <= now ? 'due now' : e(duration(t.dueAt - now))}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No timers pending.</p>';
  const { outbox, suppressions } = input;
  const failures = mailFailuresHtml({ ticketId: head.id, outbox, suppressions, csrf: input.chrome.csrf, zone });
  const body = `${flash}<p class="muted"><a href="/console">← Queue</a></p><p><strong>${u(head.subject)}</strong></p>${failures}${factsHtml(input)}
<section aria-labelledby="h-actions"><h2 id="h-actions">Actions allowed now</h2>${actions}</section>
<section aria-labelledby="h-timers"><h2 id="h-timers">Pending timers</h2>${timers}</section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>${timelineHtml(input)}</section>
<section aria-labelledby="h-diagram"><h2 id="h-diagram">Lifecycle</h2>${diagramHtml(input.machine, head.stage)}</section>`;
  return consolePage(`${head.id}`, body, input.chrome);
}
