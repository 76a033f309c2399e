// The console's event forms, derived from the events' zod schemas (workflows/lifecycle/ticket-events.ts):
// which fields a form has, how each is entered (text, amount in euro, date and time in the desk's
// zone, a choice from the policy's registries, a list of addresses), and back from the posted form to the event the
// engine validates again. Pure; the forms an agent sees are the events the statechart allows now.
import addressparser from 'nodemailer/lib/addressparser';
import * as z from '../../workflows/validation/zod-mini';
import { util } from 'zod/v4/core';
import type { Policy } from '../../workflows/policy/policy';
import type { TicketHead } from '../../workflows/lifecycle/ticket-engine';
import { isoWithOffset, parseIsoInstant } from '../../workflows/time/zoned-time';
import {
  channelFields,
  channelMaySend,
  eventTextsOf,
  isMailAddress,
  isTicketEventType,
  parseTicketEvent,
  ticketEventSchemas,
  type FieldIssue,
} from '../../workflows/lifecycle/ticket-events';

export type FieldKind =
  'text' | 'textarea' | 'email' | 'emails' | 'number' | 'euro' | 'datetime' | 'boolean' | 'select';

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  min?: number;
  max?: number;
  step?: string;
  hint?: string;
  /** The option that stands for null (nobody), for a choice the schema lets be null. */
  none?: string;
}

/** Not an id of the policy (ids are lower-case letters, digits and dashes): the "nobody" option's value. */
const NOBODY = '~';

export interface FormRows {
  kind: 'rows';
  name: string;
  label: string;
  rows: number;
  minRows: number;
  fields: FormField[];
}

export interface EventForm {
  type: string;
  title: string;
  help: string;
  fields: (FormField | FormRows)[];
  /** Prefilled values by input name (`lines.0.description`). */
  values: Record<string, string>;
  /** The event carries files: the form uploads them (multipart), of these types, within these limits. */
  files?: { accept: string; hint: string };
}

const labels: Record<string, string> = {
  kind: 'Kind',
  priority: 'Priority',
  category: 'Category',
  customerId: 'Customer',
  catalogItemId: 'Catalog item',
  inScope: 'In scope of the service',
  scopeNote: 'Scope note (told to the customer when out of scope)',
  reason: 'Reason',
  text: 'Note',
  question: 'Question to the requester',
  message: 'Message',
  vendorId: 'Vendor',
  note: 'Note',
  vendorRef: "Vendor's reference",
  plannedFor: 'Planned for',
  technician: 'Technician',
  hours: 'Hours',
  materials: 'Materials',
  report: 'Report',
  lines: 'Quote lines',
  description: 'Description',
  quantity: 'Quantity',
  unitCents: 'Unit price (€, excl. VAT)',
  quoteVersion: 'Quote version',
  summary: 'What was done',
  cc: 'Copy to (Cc)',
  agentId: 'Agent',
  teamId: 'Team',
};

const humanize = (name: string) => {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An event's title and help, from its schema's metadata (workflows/lifecycle/ticket-events.ts). */
const textsOf = (type: string) =>
  isTicketEventType(type) ? (eventTextsOf(type) as { title?: string; description?: string } | undefined) : undefined;

export const eventTitle = (type: string) => textsOf(type)?.title ?? humanize(type);

type AnySchema = z.ZodMiniType & {
  def: { type: string; innerType?: AnySchema; element?: AnySchema; shape?: Record<string, AnySchema> };
  shape?: Record<string, AnySchema>;
};
type Def = { type: string; innerType?: AnySchema; element?: AnySchema };

const defOf = (schema: AnySchema) => schema.def as unknown as Def;

/**
 * What a schema's checks say of its values, as classic zod's `maxLength`, `minValue`, `maxValue`,
 * `isInt` and `format` read them: a string's format and longest length, a number's bounds and
 * whether it is whole. A format schema (`z.email()`, `z.int()`) is its own first check.
 */
interface Facts {
  format?: string;
  maxLength?: number;
  min: number;
  max: number;
}
type CheckDef = { check?: string; format?: string; maximum?: number; value?: number; inclusive?: boolean };
// zod's own table of number formats' ranges (`z.int()` is a safe integer), read by name so a bundle keeps only it.
const { NUMBER_FORMAT_RANGES } = util;
function factsOf(schema: unknown): Facts {
  const zod = (schema as { _zod: { def: CheckDef & { checks?: { _zod: { def: CheckDef } }[] }; traits: Set<string> } })
    ._zod;
  const defs = [...(zod.traits.has('$ZodCheck') ? [zod.def] : []), ...(zod.def.checks ?? []).map((c) => c._zod.def)];
  const facts: Facts = { min: -Infinity, max: Infinity };
  for (const def of defs) {
    if (def.check === 'string_format') facts.format = def.format;
    else if (def.check === 'max_length') facts.maxLength = Math.min(facts.maxLength ?? Infinity, def.maximum!);
    else if (def.check === 'greater_than') facts.min = Math.max(facts.min, def.value!);
    else if (def.check === 'less_than') facts.max = Math.min(facts.max, def.value!);
    else if (def.check === 'number_format') {
      facts.format = def.format;
      const [min, max] = NUMBER_FORMAT_RANGES[def.format as keyof typeof NUMBER_FORMAT_RANGES];
      facts.min = Math.max(facts.min, min);
      facts.max = Math.min(facts.max, max);
    }
  }
  return facts;
}

/** A string schema's longest length, if it has one. */
export const maxLengthOf = (schema: unknown): number | undefined => factsOf(schema).maxLength;

/** Optional and defaulted wrappers off: the field's own schema, and whether the form may leave it empty. */
function unwrap(schema: AnySchema): { inner: AnySchema; required: boolean } {
  let inner = schema;
  let required = true;
  while (['optional', 'default', 'nullable', 'prefault'].includes(defOf(inner).type) && defOf(inner).innerType) {
    required = false;
    inner = defOf(inner).innerType!;
  }
  return { inner, required };
}

const isEmail = (schema: AnySchema) => defOf(schema).type === 'string' && factsOf(schema).format === 'email';

function fieldOf(name: string, key: string, schema: AnySchema, policy: Policy): FormField | FormRows | null {
  if (channelFields.has(key)) return null;
  const { inner, required } = unwrap(schema);
  const label = labels[key] ?? humanize(key);
  const type = defOf(inner).type;
  const choice = (options: { value: string; label: string }[]): FormField => ({
    name,
    label,
    kind: 'select',
    required,
    options: required ? options : [{ value: '', label: '—' }, ...options],
  });
  if (key === 'vendorId')
    return choice(
      policy.vendors.map((v) => ({
        value: v.id,
        label: `${v.name} — ${v.contact} (follow-up every ${v.followUpIntervalMinutes / 60} ${v.clock === 'business' ? 'business ' : ''}hours)`,
      })),
    );
  if (key === 'customerId') return choice(policy.customers.map((c) => ({ value: c.id, label: c.name })));
  // An agent by name with their teams; "nobody" puts the ticket back in its team's queue.
  if (key === 'agentId')
    return {
      ...choice([
        { value: NOBODY, label: "Nobody (back to the team's queue)" },
        ...policy.agents.map((a) => ({
          value: a.id,
          label: `${a.name} (${a.teams.map((t) => policy.teams.find((x) => x.id === t)?.name ?? t).join(', ')})`,
        })),
      ]),
      none: NOBODY,
    };
  if (key === 'teamId') return choice(policy.teams.map((t) => ({ value: t.id, label: t.name })));
  if (key === 'catalogItemId')
    return choice(
      policy.catalog.map((c) => ({
        value: c.id,
        label: `${c.title.en}${c.standard ? ' (standard, no labour charge)' : ''}`,
      })),
    );
  if (type === 'enum')
    return choice((inner as unknown as { options: string[] }).options.map((o) => ({ value: o, label: o })));
  if (type === 'boolean') return { name, label, kind: 'boolean', required };
  if (type === 'string') {
    const { format, maxLength } = factsOf(inner);
    if (format === 'datetime')
      return { name, label: `${label} (${policy.businessHours.timeZone})`, kind: 'datetime', required };
    if (format === 'email') return { name, label, kind: 'email', required };
    return { name, label, kind: (maxLength ?? Infinity) > 300 ? 'textarea' : 'text', required, maxLength };
  }
  if (type === 'number') {
    const { format, min, max } = factsOf(inner);
    if (key.endsWith('Cents')) return { name, label, kind: 'euro', required, hint: 'e.g. 12.50' };
    return {
      name,
      label,
      kind: 'number',
      required,
      step: format?.includes('int') ? '1' : 'any',
      min,
      max,
      hint: key === 'hours' ? 'in quarter hours, e.g. 1.75' : undefined,
    };
  }
  if (type === 'array' && defOf(inner).element && isEmail(defOf(inner).element!)) {
    return {
      name,
      label,
      kind: 'emails',
      required,
      hint: 'one address per line, or separated by commas; "Name <address>" is fine',
    };
  }
  if (type === 'array' && defOf(inner).element && defOf(defOf(inner).element!).type === 'object') {
    const element = defOf(inner).element as AnySchema;
    const fields = Object.entries(element.shape ?? {}).flatMap(([sub, s]) => {
      const field = fieldOf(sub, sub, s, policy);
      return field && !('rows' in field) ? [field] : [];
    });
    const minRows =
      (
        inner as unknown as { def: { checks?: { _zod: { def: { check: string; minimum?: number } } }[] } }
      ).def.checks?.find((c) => c._zod.def.check === 'min_length')?._zod.def.minimum ?? 0;
    return { kind: 'rows', name, label, rows: 3, minRows, fields };
  }
  return null;
}

function prefill(type: string, head: TicketHead): Record<string, string> {
  const { context } = head.snapshot;
  switch (type) {
    case 'CLASSIFY':
      return {
        kind: head.kind,
        priority: head.priority,
        customerId: head.customerId ?? '',
        category: context.category ?? '',
        catalogItemId: context.catalogItemId ?? '',
        ...(context.inScope === null ? {} : { inScope: context.inScope ? 'yes' : 'no' }),
      };
    case 'SET_PRIORITY':
      return { priority: head.priority };
    case 'QUOTE_APPROVED':
    case 'QUOTE_DECLINED':
      return context.quote ? { quoteVersion: String(context.quote.version) } : {};
    case 'SUBMIT_QUOTE':
      // A revision starts from the lines of the quote it revises.
      return Object.fromEntries(
        (context.quote?.lines ?? []).flatMap((l, i) => [
          [`lines.${i}.kind`, l.kind],
          [`lines.${i}.description`, l.description],
          [`lines.${i}.quantity`, String(l.quantity)],
          [`lines.${i}.unitCents`, centsToEuro(l.unitCents)],
        ]),
      );
    default:
      return {};
  }
}

/** Rows a list field shows at most: no script adds rows, so the page offers a link to more instead. */
export const MAX_FORM_ROWS = 100;

/**
 * The form for an event, or null for the channel events that never come from an agent. List
 * fields show `rows` rows (at least 3, and 2 more than are filled in).
 */
export function eventForm(type: string, head: TicketHead, policy: Policy, rows = 3): EventForm | null {
  // Channel events (what mail and monitoring say) arrive by themselves, never through a form.
  if (!isTicketEventType(type) || !channelMaySend(type, 'agent')) return null;
  const schema = ticketEventSchemas[type] as unknown as AnySchema;
  const fields = Object.entries(schema.shape ?? {}).flatMap(([key, s]) => fieldOf(key, key, s, policy) ?? []);
  const values = prefill(type, head);
  for (const field of fields) {
    const filled = Object.keys(values).filter(
      (k) => k.startsWith(`${field.name}.`) && k.endsWith(`.${('fields' in field && field.fields[0]?.name) || ''}`),
    ).length;
    if ('rows' in field) field.rows = Math.min(MAX_FORM_ROWS, Math.max(rows, field.minRows, filled + 2));
  }
  return {
    type,
    title: eventTitle(type),
    help: textsOf(type)?.description ?? '',
    fields,
    values,
    ...(Object.hasOwn(schema.shape ?? {}, 'attachments') ? { files: fileInput(policy) } : {}),
  };
}

/** The file input's accepted types and the limits said beside it, from the policy's file rules. */
function fileInput(policy: Policy): { accept: string; hint: string } {
  const { maxBytes, maxFiles, allowedTypes } = policy.files;
  const megabytes = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return {
    accept: allowedTypes.join(','),
    hint: `up to ${maxFiles} files, ${megabytes} MB together; documents and images only`,
  };
}

/** A form field's path as the agent reads it: `lines.2.kind` → "Quote lines, row 3: Kind". */
export function fieldLabel(form: EventForm | null, path: string): string {
  const [name, index, sub] = path.split('.');
  const field = form?.fields.find((f) => f.name === name);
  if (!field) return path;
  if (!('rows' in field) || index === undefined) return field.label;
  const inner = field.fields.find((f) => f.name === sub);
  return `${field.label}, row ${Number(index) + 1}${inner ? `: ${inner.label}` : ''}`;
}

export const centsToEuro = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

/** One posted value as the schema takes it (text as typed, a choice or address trimmed, numbers and amounts parsed). */
export function convertField(field: FormField, raw: string, timeZone: string): Converted {
  const text = raw.trim();
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return { ok: true, value: raw.replace(/\r\n?/g, '\n') };
    case 'select':
      return { ok: true, value: field.none !== undefined && text === field.none ? null : text };
    case 'email':
      return { ok: true, value: text };
    case 'emails': {
      // As an agent pastes them: one a line, or separated by commas or semicolons, bare or as
      // `Name <address>` (nodemailer's parser reads the forms mail clients copy).
      const parsed = addressparser(text.replace(/[\n;]/g, ','), { flatten: true });
      const addresses = parsed.map((a) => a.address || a.name).filter(Boolean);
      const bad = addresses.filter((a) => !isMailAddress(a));
      return bad.length
        ? { ok: false, message: `not an e-mail address: ${bad.join(', ')}` }
        : { ok: true, value: addresses };
    }
    case 'boolean':
      if (['yes', 'true', 'on'].includes(text)) return { ok: true, value: true };
      if (['no', 'false', 'off'].includes(text)) return { ok: true, value: false };
      return { ok: false, message: 'choose yes or no' };
    case 'number':
      return /^[+-]?\d+([.,]\d+)?$/.test(text)
        ? { ok: true, value: Number(text.replace(',', '.')) }
        : { ok: false, message: 'not a number' };
    case 'euro': {
      // Exact cents from the decimal text: no floating point between the agent and the bill.
      const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.replace(/^€\s*/, ''));
      return match
        ? { ok: true, value: Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) }
        : { ok: false, message: 'an amount in euro, e.g. 12.50' };
    }
    case 'datetime': {
      const at = parseIsoInstant(text, timeZone);
      return Number.isFinite(at)
        ? { ok: true, value: isoWithOffset(at, timeZone) }
        : { ok: false, message: 'a date and time, e.g. 2026-11-25T10:00' };
    }
  }
}

export type FormCheck = { ok: true; event: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

/**
 * The posted form as the event the engine takes, or every issue with the form's own field names
 * (`lines.3.unitCents` is the fourth row as the agent saw it, even when empty rows were skipped).
 */
export function eventFromForm(type: string, form: URLSearchParams, head: TicketHead, policy: Policy): FormCheck {
  const shape = eventForm(type, head, policy);
  if (!shape) return { ok: false, issues: [{ field: 'type', message: `${type} is not sent from the console` }] };
  const zone = policy.businessHours.timeZone;
  const event: Record<string, unknown> = { type };
  const issues: FieldIssue[] = [];
  const rowOf: Record<string, number[]> = {};
  const read = (field: FormField, name: string, into: Record<string, unknown>, key: string) => {
    const raw = form.get(name) ?? '';
    if (raw.trim() === '') {
      if (field.required) issues.push({ field: name, message: 'required' });
      return;
    }
    const converted = convertField(field, raw, zone);
    if (converted.ok) into[key] = converted.value;
    else issues.push({ field: name, message: converted.message });
  };
  for (const field of shape.fields) {
    if (!('rows' in field)) {
      read(field, field.name, event, field.name);
      continue;
    }
    const items: Record<string, unknown>[] = [];
    rowOf[field.name] = [];
    for (let i = 0; i < MAX_FORM_ROWS; i++) {
      const names = field.fields.map((f) => `${field.name}.${i}.${f.name}`);
      if (names.every((n) => (form.get(n) ?? '').trim() === '')) continue;
      const item: Record<string, unknown> = {};
      field.fields.forEach((f, j) => read(f, names[j]!, item, f.name));
      items.push(item);
      rowOf[field.name]!.push(i);
    }
    if (items.length || field.minRows > 0) event[field.name] = items;
  }
  const parsed = parseTicketEvent(event, policy, 'agent');
  if (!parsed.ok) {
    const named = new Set(issues.map((i) => i.field));
    for (const issue of parsed.issues) {
      // `lines.1.quantity` in the event is the form row it came from.
      const [list, index, ...rest] = issue.field.split('.');
      const row = list !== undefined && index !== undefined && rowOf[list] ? rowOf[list]![Number(index)] : undefined;
      // An item of a one-control list (`cc.1`) is that control's problem.
      const single = shape.fields.find((f) => f.name === list && !('rows' in f) && index !== undefined);
      const field = row !== undefined ? [list, row, ...rest].join('.') : single ? single.name : issue.field;
      if (!named.has(field) && !named.has(issue.field.split('.')[0]!)) issues.push({ field, message: issue.message });
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, event };
}
