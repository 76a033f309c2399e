// One labelled form control of the console, as HTML: text, email, textarea, number, amount,
// date and time, yes/no, a choice. An error is tied to its control (aria-invalid, aria-describedby)
// and every value goes through escapeHtml. The ticket page's event forms and the register-a-call
// form build on it.
import { e } from './console-pages';
import type { FormField } from './console-event-forms';

const idOf = (type: string, name: string) => `${type}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');

/** One labelled control; `type` prefixes its id (`CLASSIFY-priority`), so several forms share a page. */
export function control(type: string, field: FormField, value: string, issue: string | undefined, label = field.label, markOptional = true): string {
  const id = idOf(type, field.name);
  const invalid = issue ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const error = issue ? `<span class="field-error" id="${id}-error">${e(issue)}</span>` : '';
  const required = field.required ? ' required' : '';
  const hint = field.hint ? ` <span class="hint">(${e(field.hint)})</span>` : '';
  const labelled = `<label for="${id}">${e(label)}${field.required || !markOptional ? '' : ' <span class="hint">(optional)</span>'}${hint}</label>`;
  switch (field.kind) {
    case 'boolean': {
      const radio = (v: string, text: string) => `<label><input type="radio" name="${e(field.name)}" value="${v}"${value === v ? ' checked' : ''}${required}> ${text}</label>`;
      return `<fieldset class="inline"${invalid}><legend>${e(label)}</legend>${radio('yes', 'Yes')}${radio('no', 'No')}${error}</fieldset>`;
    }
    case 'select': {
      const options = (field.options ?? []).map((o) => `<option value="${e(o.value)}"${o.value === value ? ' selected' : ''}>${e(o.label)}</option>`).join('');
      // Nothing chosen yet: a required choice asks for one; an optional one (e.g. in a row that may stay empty) stays empty.
      const chosen = (field.options ?? []).some((o) => o.value === value);
      const placeholder = chosen || (field.options ?? []).some((o) => o.value === '') ? '' : field.required ? '<option value="" selected disabled>Choose…</option>' : '<option value="" selected>—</option>';
      return `${labelled}<select id="${id}" name="${e(field.name)}"${required}${invalid}>${placeholder}${options}</select>${error}`;
    }
    case 'email':
      return `${labelled}<input id="${id}" name="${e(field.name)}" type="email" autocomplete="off" spellcheck="false" value="${e(value)}"${required}${invalid}>${error}`;
    case 'textarea':
      return `${labelled}<textarea id="${id}" name="${e(field.name)}"${field.maxLength ? ` maxlength="${field.maxLength}"` : ''}${required}${invalid}>${e(value)}</textarea>${error}`;
    case 'number':
      return `${labelled}<input id="${id}" name="${e(field.name)}" type="number" step="${e(field.step ?? 'any')}"${field.min !== undefined ? ` min="${field.min}"` : ''}${field.max !== undefined ? ` max="${field.max}"` : ''} value="${e(value)}"${required}${invalid}>${error}`;
    case 'euro':
      return `${labelled}<input id="${id}" name="${e(field.name)}" type="text" inputmode="decimal" size="10" value="${e(value)}"${required}${invalid}>${error}`;
    case 'datetime':
      return `${labelled}<input id="${id}" name="${e(field.name)}" type="datetime-local" value="${e(value)}"${required}${invalid}>${error}`;
    default:
      return `${labelled}<input id="${id}" name="${e(field.name)}" type="text"${field.maxLength ? ` maxlength="${field.maxLength}"` : ''} value="${e(value)}"${required}${invalid}>${error}`;
  }
}
