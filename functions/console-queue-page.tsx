// The console's queue page: the register-a-call form (collapsed), the filter form, then one table
// per state group, most urgent first, breached and at-risk tickets marked in words (not colour
// alone), and so are tickets with mail that failed for good (named again above the groups).
import type { Policy } from '../workflows/policy';
import { priorities, ticketKinds } from '../workflows/policy';
import type { ClockStanding, SlaStanding } from '../workflows/sla-standing';
import type { TicketMachine } from '../workflows/ticket-machine';
import { consolePage, duration, e, stageTitle, u, when, type Chrome } from './console-pages';
import { createFormHtml } from './console-create-form';
import { MAIL_FAILED_BADGE } from './console-mail-status';
import type { QueueFilter, QueueGroup } from './console-queue-view';

const markLabel = { breached: 'BREACHED', 'at-risk': 'AT RISK' } as const;

export function markBadge(mark: SlaStanding['mark']): string {
  return mark ? `<span class="mark ${mark}">${markLabel[mark]}</span>` : '';
}

export function clockText(c: ClockStanding, zone: string): string {
  const name = c.clock === 'response' ? 'Response' : 'Resolution';
  switch (c.state) {
    case 'breached':
      return `${name}: breached${c.breachedAt ? ` ${when(c.breachedAt, zone)}` : ''}`;
    case 'running':
      return `${name}: ${duration(c.remainingMs)} left, due ${when(c.dueAt, zone)}`;
    case 'paused':
      return `${name}: paused (${duration(c.remainingMs)} left)`;
    case 'met':
      return `${name}: met`;
    default:
      return `${name}: stopped`;
  }
}

/** The clocks that still matter: the response clock until it is met, and the resolution clock. */
export function slaCell(sla: SlaStanding, zone: string): string {
  const clocks = [...(sla.response.state === 'met' || sla.response.state === 'stopped' ? [] : [sla.response]), sla.resolution];
  return `${markBadge(sla.mark)}${clocks.map((c) => `<span class="${c.mark ?? ''}">${e(clockText(c, zone))}</span>`).join('<br>')}`;
}

function select(name: string, label: string, options: { value: string; label: string }[], chosen: string | null): string {
  const opts = [{ value: '', label: 'All' }, ...options].map((o) => `<option value="${e(o.value)}"${o.value === (chosen ?? '') ? ' selected' : ''}>${e(o.label)}</option>`).join('');
  return `<div><label for="f-${name}">${e(label)}</label><select id="f-${name}" name="${name}">${opts}</select></div>`;
}

export function queuePage(options: { groups: QueueGroup[]; filter: QueueFilter; ignored: string[]; policy: Policy; machine: TicketMachine; now: number; month: string; chrome: Chrome }): string {
  const { groups, filter, policy, machine, now } = options;
  const zone = policy.businessHours.timeZone;
  const customerName = (id: string | null) => policy.customers.find((c) => c.id === id)?.name ?? id ?? '—';
  const filters = `<form method="get" action="/console" class="filters" aria-label="Filter the queue">
${select('customer', 'Customer', policy.customers.map((c) => ({ value: c.id, label: c.name })), filter.customer)}
${select('kind', 'Kind', ticketKinds.map((k) => ({ value: k, label: k })), filter.kind)}
${select('priority', 'Priority', priorities.map((p) => ({ value: p, label: p })), filter.priority)}
<div><button type="submit">Filter</button> <a href="/console">Clear</a></div></form>`;
  const ignored = options.ignored.length ? `<p class="flash error" role="status">Ignored unknown filter value for: ${e(options.ignored.join(', '))}.</p>` : '';
  const billing = `<form method="get" action="/console/billing" class="filters" aria-label="Billing export"><div><label for="b-month">Billing month</label><input id="b-month" name="month" type="month" value="${e(options.month)}" required></div>
${select('customer', 'Customer', policy.customers.map((c) => ({ value: c.id, label: c.name })), null).replace(/f-customer/g, 'b-customer')}<div><button type="submit" class="quiet">Download billing CSV</button></div></form>`;
  // Collapsed until wanted: a summary is a button to the keyboard (Enter or Space opens it), no script needed.
  const register = options.chrome.csrf
    ? `<details class="register" id="register"><summary>Register a call <span class="muted">(a phone call, or on a customer's behalf)</span></summary>${createFormHtml(policy, options.chrome.csrf)}</details>`
    : '';
  const total = groups.reduce((n, g) => n + g.rows.length, 0);
  const withFailures = groups.flatMap((g) => g.rows).filter((r) => r.failedMails > 0);
  const failedLink = (id: string) => `<a href="/console/tickets/${encodeURIComponent(id)}#mail-failed">${e(id)}</a>`;
  const failedCount = `${withFailures.length} open ticket${withFailures.length === 1 ? '' : 's'}`;
  const failures = withFailures.length
    ? `<p class="flash error" role="status" id="mail-failures">${MAIL_FAILED_BADGE} Mail was not delivered on ${failedCount}: \
${withFailures.map((r) => failedLink(r.head.id)).join(', ')}.</p>`
    : '';
  const sections = groups.map((group) => {
    const heading = `<h2 id="g-${group.id}">${e(group.title)} <span class="muted">(${group.rows.length})</span></h2>`;
    if (!group.rows.length) return `<section aria-labelledby="g-${group.id}" data-group="${group.id}">${heading}<p class="muted">None.</p></section>`;
    const rows = group.rows.map(({ head, sla, failedMails }) => {
      const ticket = `/console/tickets/${encodeURIComponent(head.id)}`;
      const failed = failedMails ? `<br><a href="${ticket}#mail-failed">${MAIL_FAILED_BADGE}</a>` : '';
      return `<tr class="${sla.mark ?? ''}" data-ticket="${e(head.id)}"${failedMails ? ` data-mail-failed="${failedMails}"` : ''}>
<th scope="row"><a href="${ticket}">${e(head.id)}</a>${failed}</th><td>${u(head.subject)}</td><td>${e(customerName(head.customerId))}</td>
<td>${e(head.kind)}</td><td>${e(head.priority)}</td><td>${e(stageTitle(machine, head.stage))}</td><td>${slaCell(sla, zone)}</td><td>${e(when(head.updatedAt, zone))}</td></tr>`;
    });
    return `<section aria-labelledby="g-${group.id}" data-group="${group.id}">${heading}<table><thead><tr><th scope="col">Ticket</th><th scope="col">Subject</th><th scope="col">Customer</th><th scope="col">Kind</th><th scope="col">Priority</th><th scope="col">State</th><th scope="col">SLA</th><th scope="col">Updated</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
  });
  const body = `${register}${filters}${ignored}${failures}<p class="muted">${total} open ticket${total === 1 ? '' : 's'}; desk time ${e(when(now, zone))}. Each group is sorted by SLA urgency: breached first, then the soonest due.</p>${sections.join('\n')}<h2>Billing</h2>${billing}`;
  return consolePage('Queue', body, options.chrome);
}
