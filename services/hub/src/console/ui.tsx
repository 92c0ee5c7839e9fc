/** @jsxImportSource hono/jsx */
import type { Language } from '@ponte/contracts';
import type { Child } from 'hono/jsx';
import type { T } from './i18n';

/** What a form shows: the values the person typed and, after a refused submission, a message per field. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}

export const emptyForm = (values: Record<string, string | string[]> = {}): FormState => ({ values, errors: {} });

export const valueOf = (form: FormState, name: string): string => {
  const value = form.values[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};
export const valuesOf = (form: FormState, name: string): string[] => {
  const value = form.values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** The id of a field's element, derived from its name (names are contract paths like `guardian.name`). */
const idOf = (name: string) => `f-${name.replaceAll('.', '-')}`;

function ErrorText({ form, name }: { form: FormState; name: string }) {
  const error = form.errors[name];
  return error ? (
    <p class="field-error" id={`${idOf(name)}-error`}>
      {error}
    </p>
  ) : null;
}

const describedBy = (form: FormState, name: string, hint?: string) =>
  [hint ? `${idOf(name)}-hint` : '', form.errors[name] ? `${idOf(name)}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(props: {
  form: FormState;
  name: string;
  label: string;
  hint?: string | undefined;
  type?: 'text' | 'password' | 'date' | 'datetime-local' | 'number' | 'url';
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  /** Shown only while another field has this value (`name=value`), when scripts run. */
  when?: string;
}) {
  const { form, name, label, hint } = props;
  const common = {
    id: idOf(name),
    name,
    'aria-invalid': form.errors[name] ? 'true' : undefined,
    'aria-describedby': describedBy(form, name, hint),
    required: props.required,
  };
  return (
    <div data-when={props.when}>
      <label for={idOf(name)}>{label}</label>
      {hint ? (
        <p class="hint" id={`${idOf(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common}>{valueOf(form, name)}</textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={props.type === 'password' ? '' : valueOf(form, name)} autocomplete={props.autocomplete} />
      )}
      <ErrorText form={form} name={name} />
    </div>
  );
}

export function SelectField(props: { form: FormState; name: string; label: string; options: Array<[string, string]>; empty?: string; required?: boolean; hint?: string }) {
  const { form, name } = props;
  const current = valueOf(form, name);
  return (
    <div>
      <label for={idOf(name)}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${idOf(name)}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <select id={idOf(name)} name={name} aria-invalid={form.errors[name] ? 'true' : undefined} aria-describedby={describedBy(form, name, props.hint)} required={props.required}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === current}>
            {text}
          </option>
        ))}
      </select>
      <ErrorText form={form} name={name} />
    </div>
  );
}

/** A group of checkboxes (many values) or radio buttons (one), in a fieldset with its legend. */
export function ChoiceGroup(props: { form: FormState; name: string; legend: string; options: Array<[string, string]>; multiple?: boolean; hint?: string }) {
  const { form, name } = props;
  const chosen = new Set(valuesOf(form, name));
  return (
    <fieldset aria-invalid={form.errors[name] ? 'true' : undefined} aria-describedby={describedBy(form, name, props.hint)} id={idOf(name)}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" id={`${idOf(name)}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.options.map(([value, text]) => (
        <label class="inline">
          <input type={props.multiple ? 'checkbox' : 'radio'} name={name} value={value} checked={chosen.has(value)} />
          {text}
        </label>
      ))}
      <ErrorText form={form} name={name} />
    </fieldset>
  );
}

export function Checkbox(props: { form: FormState; name: string; label: string }) {
  const checked = valueOf(props.form, props.name) === 'true';
  return (
    <div>
      <label class="inline">
        <input type="checkbox" name={props.name} value="true" checked={checked} id={idOf(props.name)} />
        {props.label}
      </label>
      <ErrorText form={props.form} name={props.name} />
    </div>
  );
}

/** Every form of the console posts its session's CSRF token. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** The summary of a refused form, first on the page: each message, named by its field's label when given, links to the field. */
export function FormErrors({ form, t, labels = {} }: { form: FormState; t: T; labels?: Record<string, string> }) {
  const entries = Object.entries(form.errors).filter(([name]) => name !== '_form');
  const whole = form.errors._form;
  if (entries.length === 0 && !whole) return null;
  return (
    <div class="notice bad" role="alert" id="form-errors">
      <p>{t('formErrors')}</p>
      {whole ? <p>{whole}</p> : null}
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${idOf(name)}`}>{labels[name] ? `${labels[name]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const Notice = ({ kind, children }: { kind?: 'good' | 'bad'; children: Child }) => (
  <div class={`notice ${kind ?? ''}`} role="status">
    {children}
  </div>
);

export const dateTime = (iso: string | null | undefined, lang: Language) =>
  iso ? new Intl.DateTimeFormat(lang === 'pt' ? 'pt-MZ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Maputo' }).format(new Date(iso)) : '—';
