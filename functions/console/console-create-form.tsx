// The console's "Register a call" form: an agent opens a ticket for a phone call, or on a
// customer's behalf, with the fields of the create-ticket schema (workflows/lifecycle/ticket-events.ts) and
// the choices the policy offers. Pure: the fields, the form as a component, and back from the posted
// form to the input `desk.service.create` validates again.
import type { Policy } from '../../workflows/policy/policy';
import { languages, priorities, ticketKinds } from '../../workflows/policy/policy';
import {
  createTicketSchema,
  parseCreateTicket,
  type CreateTicket,
  type FieldIssue,
} from '../../workflows/lifecycle/ticket-events';
import { convertField, maxLengthOf, type FormField } from './console-event-forms';
import { consolePage, CsrfField, type Chrome } from './console-pages';
import { Control } from './console-controls';

/** The prefix of the form's control ids (`new-subject`), apart from the ticket page's event forms. */
const FORM_ID = 'new';

const kindLabels: Record<(typeof ticketKinds)[number], string> = {
  incident: 'Incident',
  service_request: 'Service request',
  change: 'Request for change',
};
const languageLabels: Record<(typeof languages)[number], string> = { nl: 'Dutch (nl)', en: 'English (en)' };
/** How the request reached the desk, as the ticket's `channel` records it. */
const channels = [
  { value: 'phone', label: 'Phone call' },
  { value: 'agent', label: "Otherwise, on the customer's behalf" },
] as const;

/** The form's fields, in the order an agent takes a call: who, for which customer, what. */
export function createFormFields(policy: Policy): FormField[] {
  const shape = createTicketSchema.shape;
  const requester = shape.requester.shape;
  const targets = policy.sla.targets;
  // SLA targets count business (or calendar) hours, so no "days" of 24 hours here.
  const span = (m: number) => (m < 60 ? `${m} min` : `${Math.round((m / 60) * 100) / 100} h`);
  const target = (p: (typeof priorities)[number]) =>
    `${p} — respond within ${span(targets[p].responseMinutes)}, resolve within ${span(targets[p].resolutionMinutes)}${targets[p].clock === 'business' ? ' (business hours)' : ''}`;
  return [
    { name: 'channel', label: 'Came in by', kind: 'select', required: true, options: channels.map((c) => ({ ...c })) },
    {
      name: 'requester.email',
      label: "Requester's email",
      kind: 'email',
      required: true,
      hint: 'updates and links go here',
    },
    {
      name: 'requester.name',
      label: "Requester's name",
      kind: 'text',
      required: false,
      maxLength: maxLengthOf(requester.name.def.innerType),
    },
    {
      name: 'customerId',
      label: 'Customer',
      kind: 'select',
      required: false,
      options: [
        { value: '', label: '— not known yet' },
        ...policy.customers.map((c) => ({ value: c.id, label: c.name })),
      ],
    },
    {
      name: 'kind',
      label: 'Kind',
      kind: 'select',
      required: true,
      options: ticketKinds.map((k) => ({ value: k, label: kindLabels[k] })),
      hint: 'a request for change must come in writing',
    },
    {
      name: 'priority',
      label: 'Priority',
      kind: 'select',
      required: false,
      options: [
        { value: '', label: `The desk's default (${policy.sla.defaultPriority})` },
        ...priorities.map((p) => ({ value: p, label: target(p) })),
      ],
    },
    {
      name: 'language',
      label: 'Language of the mails',
      kind: 'select',
      required: false,
      options: [
        { value: '', label: "The customer's language" },
        ...languages.map((l) => ({ value: l, label: languageLabels[l] })),
      ],
    },
    { name: 'subject', label: 'Subject', kind: 'text', required: true, maxLength: maxLengthOf(shape.subject) },
    {
      name: 'description',
      label: 'Description',
      kind: 'textarea',
      required: false,
      maxLength: maxLengthOf(shape.description.def.innerType),
      hint: 'what the caller said',
    },
  ];
}

export type CreateFormCheck = { ok: true; input: CreateTicket } | { ok: false; issues: FieldIssue[] };

/** The posted form as the create-ticket input, or every issue named by the form's own field names. */
export function createFromForm(form: URLSearchParams, policy: Policy): CreateFormCheck {
  const issues: FieldIssue[] = [];
  const input: Record<string, unknown> = {};
  const fields = createFormFields(policy);
  for (const field of fields) {
    const raw = form.get(field.name) ?? '';
    if (raw.trim() === '') {
      if (field.required) issues.push({ field: field.name, message: 'required' });
      continue;
    }
    const converted = convertField(field, raw, policy.businessHours.timeZone);
    if (!converted.ok) {
      issues.push({ field: field.name, message: converted.message });
      continue;
    }
    const [outer, inner] = field.name.split('.') as [string, string | undefined];
    if (inner === undefined) input[outer] = converted.value;
    else input[outer] = { ...((input[outer] as Record<string, unknown> | undefined) ?? {}), [inner]: converted.value };
  }
  if (!channels.some((c) => c.value === input.channel) && !issues.some((i) => i.field === 'channel'))
    issues.push({ field: 'channel', message: `one of ${channels.map((c) => c.value).join(', ')}` });
  const parsed = parseCreateTicket(input, policy, 'agent');
  if (!parsed.ok) {
    const named = new Set(issues.map((i) => i.field));
    // A missing requester email is `requester` to the schema when the whole object is absent.
    for (const issue of parsed.issues)
      if (!named.has(issue.field) && !(issue.field === 'requester' && named.has('requester.email'))) issues.push(issue);
  }
  // In the order the agent sees the fields.
  const order = (field: string) => fields.findIndex((f) => f.name === field || field.startsWith(`${f.name}.`)) >>> 0;
  issues.sort((a, b) => order(a.field) - order(b.field));
  return issues.length || !parsed.ok ? { ok: false, issues } : { ok: true, input: parsed.value };
}

/** A field's label for a message (`requester.email` → "Requester's email"). */
export function createFieldLabel(policy: Policy, field: string): string {
  return createFormFields(policy).find((f) => f.name === field)?.label ?? field;
}

export interface CreateFormState {
  values?: Record<string, string>;
  issues?: FieldIssue[];
}

/** The form itself; `values` and `issues` when it comes back refused. */
export function CreateForm({ policy, csrf, state = {} }: { policy: Policy; csrf: string; state?: CreateFormState }) {
  const values: Record<string, string> = { channel: 'phone', ...(state.values ?? {}) };
  const issues = new Map((state.issues ?? []).map((i) => [i.field, i.message]));
  const fields = createFormFields(policy);
  const general = [...issues].filter(([field]) => !fields.some((f) => f.name === field));
  return (
    <form method="post" action="/console/tickets" id="form-new" aria-label="Register a call" autocomplete="off">
      <CsrfField csrf={csrf} />
      {general.map(([field, message]) => (
        <p class="field-error">
          {field}: {message}
        </p>
      ))}
      <div class="form-grid">
        {fields.map((f) => (
          <div class={f.kind === 'textarea' || f.name === 'subject' ? 'full' : undefined}>
            <Control type={FORM_ID} field={f} value={values[f.name] ?? ''} issue={issues.get(f.name)} />
          </div>
        ))}
      </div>
      <p>
        <button type="submit">Register</button>
      </p>
    </form>
  );
}

/** The form back, refused: why (every issue, by label), that nothing was created, what was typed. */
export function createRefusedPage(
  policy: Policy,
  chrome: Chrome & { csrf: string },
  text: string,
  state: CreateFormState,
): string {
  return consolePage(
    'Register a call',
    <>
      <p class="flash error" role="alert" id="flash">
        {text}
      </p>
      <p class="muted">
        <a href="/console">← Queue</a>
      </p>
      <CreateForm policy={policy} csrf={chrome.csrf} state={state} />
    </>,
    chrome,
  );
}
