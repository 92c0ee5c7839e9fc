/** @jsxImportSource hono/jsx */
import { HUB_TIME_ZONE, type Language } from '@ponte/contracts';
import type { Child } from 'hono/jsx';
import { LOCALES, type T } from './i18n';
import { ruleText } from './rules';

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

function ErrorText({ form, name, id = idOf(name) }: { form: FormState; name: string; id?: string }) {
  const error = form.errors[name];
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

const describedBy = (form: FormState, name: string, hint?: string, id = idOf(name)) => [hint ? `${id}-hint` : '', form.errors[name] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

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
  /** The element's id when a page has several fields of this name (one form per row). */
  id?: string;
}) {
  const { form, name, label, hint } = props;
  const id = props.id ?? idOf(name);
  const common = {
    id,
    name,
    'aria-invalid': form.errors[name] ? 'true' : undefined,
    'aria-describedby': describedBy(form, name, hint, id),
    required: props.required,
  };
  return (
    <div data-when={props.when}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common}>{valueOf(form, name)}</textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={props.type === 'password' ? '' : valueOf(form, name)} autocomplete={props.autocomplete} />
      )}
      <ErrorText form={form} name={name} id={id} />
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

/**
 * A group of checkboxes (many values) or radio buttons (one), in a fieldset with its legend; after
 * a refusal each input is marked invalid and described by the message.
 */
export function ChoiceGroup(props: { form: FormState; name: string; legend: string; options: Array<[string, string]>; multiple?: boolean; hint?: string; id?: string }) {
  const { form, name } = props;
  const id = props.id ?? idOf(name);
  const chosen = new Set(valuesOf(form, name));
  const invalid = form.errors[name] ? 'true' : undefined;
  const described = describedBy(form, name, props.hint, id);
  return (
    <fieldset id={id}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.options.map(([value, text]) => (
        <label class="inline">
          <input type={props.multiple ? 'checkbox' : 'radio'} name={name} value={value} checked={chosen.has(value)} aria-invalid={invalid} aria-describedby={described} />
          {text}
        </label>
      ))}
      <ErrorText form={form} name={name} id={id} />
    </fieldset>
  );
}

export function Checkbox(props: { form: FormState; name: string; label: string }) {
  const checked = valueOf(props.form, props.name) === 'true';
  return (
    <div>
      <label class="inline">
        <input
          type="checkbox"
          name={props.name}
          value="true"
          checked={checked}
          id={idOf(props.name)}
          aria-invalid={props.form.errors[props.name] ? 'true' : undefined}
          aria-describedby={describedBy(props.form, props.name)}
        />
        {props.label}
      </label>
      <ErrorText form={props.form} name={props.name} />
    </div>
  );
}

/** Every form of the console posts its session's CSRF token. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/** A form that posts to the console, carrying the CSRF token. */
export const PostForm = (props: { action: string; csrf: string; class?: string; novalidate?: boolean; multipart?: boolean; children: Child }) => (
  <form method="post" action={props.action} class={props.class} novalidate={props.novalidate} enctype={props.multipart ? 'multipart/form-data' : undefined}>
    <Csrf token={props.csrf} />
    {props.children}
  </form>
);

/**
 * A step on a record (a referral's accept, a transfer's cancel...): its fields, the version the
 * page showed (a stale page is refused, not applied over a newer change), and the button that
 * takes it, titled as the step.
 */
export const StepForm = (props: { action: string; csrf: string; version: number; title: string; danger?: boolean | undefined; children?: Child }) => (
  <PostForm action={props.action} csrf={props.csrf} class="card stack" novalidate>
    <h2>{props.title}</h2>
    <input type="hidden" name="version" value={String(props.version)} />
    {props.children}
    <button type="submit" class={props.danger ? 'danger' : undefined}>
      {props.title}
    </button>
  </PostForm>
);

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
  iso ? new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: HUB_TIME_ZONE }).format(new Date(iso)) : '—';

/** Text for screen readers only: the context a repeated control needs ("Disable" whom?). */
/** A rule in words; the code rides along in `data-rule` for whoever supports the person reading. */
export const RuleWords = ({ rule, lang }: { rule: string; lang: Language }) => (
  <span class="rule" data-rule={rule}>
    {ruleText(lang, rule)}
  </span>
);

export const Hidden = ({ children }: { children: Child }) => <span class="visually-hidden">{children}</span>;

/**
 * A list as a table, in a region a keyboard can reach and scroll (wide tables scroll sideways),
 * named by the table's caption.
 */
export function DataTable({ id, caption, columns, children }: { id: string; caption: string; columns: Child[]; children: Child }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table id={id}>
        <caption id={`${id}-caption`} class="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A one-time code just issued (a new or reset account), shown with this answer only. */
export const IssuedCode = ({ issued, t, lang }: { issued: { username: string; oneTimeCode: string; expiresAt: string; activationUrl: string }; t: T; lang: Language }) => (
  <div class="notice good" role="status" id="issued-code">
    <p>{t('codeOnce')}</p>
    <dl class="facts">
      <dt>{t('username')}</dt>
      <dd>
        <code>{issued.username}</code>
      </dd>
      <dt>{t('oneTimeCode')}</dt>
      <dd>
        <code>{issued.oneTimeCode}</code>
      </dd>
      <dt>{t('codeExpires')}</dt>
      <dd>{dateTime(issued.expiresAt, lang)}</dd>
      <dt>{t('activationAddress')}</dt>
      <dd>
        <code>{issued.activationUrl}</code>
      </dd>
    </dl>
  </div>
);
