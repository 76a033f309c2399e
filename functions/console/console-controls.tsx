// One labelled form control of the console: text, email, a list of addresses, textarea, number,
// amount, date and time, yes/no, a choice. An error is tied to its control (aria-invalid, aria-describedby). The ticket
// page's event forms and the register-a-call form build on it.
import type { FormField } from './console-event-forms';

const idOf = (type: string, name: string) => `${type}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');

export interface ControlProps {
  /** Prefixes the control's id (`CLASSIFY-priority`), so several forms share a page. */
  type: string;
  field: FormField;
  value: string;
  issue: string | undefined;
  label?: string;
  markOptional?: boolean;
}

/** One labelled control. */
export function Control({ type, field, value, issue, label = field.label, markOptional = true }: ControlProps) {
  const id = idOf(type, field.name);
  const invalid = issue ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
  const error = issue ? (
    <span class="field-error" id={`${id}-error`}>
      {issue}
    </span>
  ) : null;
  const required = field.required ? true : undefined;
  const labelled = (
    <label for={id}>
      {label}
      {field.required || !markOptional ? null : (
        <>
          {' '}
          <span class="hint">(optional)</span>
        </>
      )}
      {field.hint ? (
        <>
          {' '}
          <span class="hint">({field.hint})</span>
        </>
      ) : null}
    </label>
  );
  // In the order the attributes always had: id and name first, then the type's own, then the state.
  const base = { id, name: field.name };
  const state = { required, ...invalid };
  switch (field.kind) {
    case 'boolean': {
      const radio = (v: string, text: string) => (
        <label>
          <input
            type="radio"
            name={field.name}
            value={v}
            checked={value === v ? true : undefined}
            required={required}
          />{' '}
          {text}
        </label>
      );
      return (
        <fieldset class="inline" {...invalid}>
          <legend>{label}</legend>
          {radio('yes', 'Yes')}
          {radio('no', 'No')}
          {error}
        </fieldset>
      );
    }
    case 'select': {
      const options = field.options ?? [];
      // Nothing chosen yet: a required choice asks for one; an optional one (e.g. in a row that may stay empty) stays empty.
      const chosen = options.some((o) => o.value === value);
      const placeholder =
        chosen || options.some((o) => o.value === '') ? null : field.required ? (
          <option value="" selected disabled>
            Choose…
          </option>
        ) : (
          <option value="" selected>
            —
          </option>
        );
      return (
        <>
          {labelled}
          <select {...base} {...state}>
            {placeholder}
            {options.map((o) => (
              <option value={o.value} selected={o.value === value ? true : undefined}>
                {o.label}
              </option>
            ))}
          </select>
          {error}
        </>
      );
    }
    case 'email':
      return (
        <>
          {labelled}
          <input {...base} type="email" autocomplete="off" spellcheck={false} value={value} {...state} />
          {error}
        </>
      );
    case 'emails':
      return (
        <>
          {labelled}
          <textarea {...base} class="addresses" rows={2} autocomplete="off" spellcheck={false} {...state}>
            {value}
          </textarea>
          {error}
        </>
      );
    case 'textarea':
      return (
        <>
          {labelled}
          <textarea {...base} maxlength={field.maxLength || undefined} {...state}>
            {value}
          </textarea>
          {error}
        </>
      );
    case 'number':
      return (
        <>
          {labelled}
          <input
            {...base}
            type="number"
            step={field.step ?? 'any'}
            min={field.min}
            max={field.max}
            value={value}
            {...state}
          />
          {error}
        </>
      );
    case 'euro':
      return (
        <>
          {labelled}
          <input {...base} type="text" inputmode="decimal" size={10} value={value} {...state} />
          {error}
        </>
      );
    case 'datetime':
      return (
        <>
          {labelled}
          <input {...base} type="datetime-local" value={value} {...state} />
          {error}
        </>
      );
    default:
      return (
        <>
          {labelled}
          <input {...base} type="text" maxlength={field.maxLength || undefined} value={value} {...state} />
          {error}
        </>
      );
  }
}
