/** @jsxImportSource hono/jsx */
import { ActivateAccount, BeginSecondFactor, ChangePassword, ConfirmSecondFactor } from '@ponte/contracts';
import { activateAccount, beginSecondFactor, changePassword, confirmSecondFactor } from '@ponte/core';
import { raw } from 'hono/html';
import QRCode from 'qrcode';
import { accountKey, clientAddress } from '../../middleware/rate-limit';
import { anonymousContextFor } from '../../verb-context';
import { password, required, text, type FormValues } from '../forms/form-values';
import { readForm, render, submitForm, tooMany, type ConsoleContext, type ConsoleDeps, type ConsoleRouter } from '../kit';
import { emptyForm, FormErrors, Notice, PostForm, TextField, type FormState } from '../ui';

/** The pages a person reaches before signing in, to make their account usable: each is public. */
export const OWN_ACCOUNT_PATHS = ['/console/activate', '/console/password', '/console/second-factor', '/console/second-factor/confirm'];

const accountName = (values: FormValues) => ({ agency: text(values, 'agency'), username: required(values, 'username') });
/** Drawn again after a refusal: the agency and username as typed, never a password or code. */
const shownAgain = (values: FormValues): FormValues => ({ agency: values.agency ?? '', username: values.username ?? '' });

/**
 * A person's own account, as the API's `/account/*` does it: setting a password with a one-time
 * code, changing it, enrolling a second factor. The person proves who they are in the form itself,
 * so these work before sign-in; they are limited per address and per account like sign-in.
 */
export function registerOwnAccountPages(router: ConsoleRouter, { hub, limits }: ConsoleDeps) {
  const anonymous = (c: ConsoleContext) => anonymousContextFor(hub, c.get('logger'), c.get('requestId'));
  /** The sign-in limits, per address and per account: a wait in seconds, or 0. */
  const limited = async (c: ConsoleContext) => {
    const values = await readForm(c);
    return (await limits.signIn.take(`console-sign-in:${clientAddress(c, hub)}`)) || (await limits.signInAccount.take(`console-sign-in-account:${accountKey(values.agency ?? '', values.username ?? '')}`));
  };

  router.get('/activate', (c) => activatePage(c, emptyForm()));
  router.post('/activate', async (c) => {
    const wait = await limited(c);
    if (wait > 0) return tooMany(c, wait);
    return submitForm(c, {
      schema: ActivateAccount,
      input: (values) => ({ ...accountName(values), code: required(values, 'code'), newPassword: password(values, 'newPassword') }),
      shown: shownAgain,
      page: (form, status) => activatePage(c, form, status),
      run: async (input) => {
        await activateAccount({ ctx: anonymous(c), input });
        return c.redirect('/console/sign-in?ended=activated', 303);
      },
    });
  });

  router.get('/password', (c) => passwordPage(c, emptyForm(shownAgain({ agency: c.req.query('agency') ?? '', username: '' }))));
  router.post('/password', async (c) => {
    const wait = await limited(c);
    if (wait > 0) return tooMany(c, wait);
    return submitForm(c, {
      schema: ChangePassword,
      input: (values) => ({ ...accountName(values), currentPassword: password(values, 'currentPassword'), newPassword: password(values, 'newPassword'), otp: text(values, 'otp') }),
      shown: shownAgain,
      page: (form, status) => passwordPage(c, form, status),
      run: async (input) => {
        await changePassword({ ctx: anonymous(c), input });
        return c.redirect('/console/sign-in?ended=passwordChanged', 303);
      },
    });
  });

  router.get('/second-factor', (c) => secondFactorPage(c, emptyForm(shownAgain({ agency: c.req.query('agency') ?? '', username: c.req.query('username') ?? '' }))));
  router.post('/second-factor', async (c) => {
    const wait = await limited(c);
    if (wait > 0) return tooMany(c, wait);
    return submitForm(c, {
      schema: BeginSecondFactor,
      input: (values) => ({ ...accountName(values), password: password(values, 'password') }),
      shown: shownAgain,
      page: (form, status) => secondFactorPage(c, form, status),
      run: async (input) => {
        const enrolment = await beginSecondFactor({ ctx: anonymous(c), input });
        const qr = await QRCode.toString(enrolment.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        return confirmPage(c, emptyForm({ agency: input.agency ?? '', username: input.username, ticket: enrolment.ticket }), { qr, secret: enrolment.secret });
      },
    });
  });
  router.post('/second-factor/confirm', async (c) => {
    const wait = await limited(c);
    if (wait > 0) return tooMany(c, wait);
    return submitForm(c, {
      schema: ConfirmSecondFactor,
      input: (values) => ({ ...accountName(values), ticket: required(values, 'ticket'), otp: required(values, 'otp') }),
      shown: (values) => ({ ...shownAgain(values), ticket: values.ticket ?? '' }),
      page: (form, status) => confirmPage(c, form, undefined, status),
      run: async (input) => {
        const { recoveryCodes } = await confirmSecondFactor({ ctx: anonymous(c), input });
        return recoveryCodesPage(c, recoveryCodes);
      },
    });
  });
}

const AccountFields = ({ form, t }: { form: FormState; t: (key: 'agency' | 'agencyHint' | 'username') => string }) => (
  <>
    <TextField form={form} name="agency" label={t('agency')} hint={t('agencyHint')} autocomplete="organization" />
    <TextField form={form} name="username" label={t('username')} required autocomplete="username" />
  </>
);

function activatePage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  return render(
    c,
    t('activateTitle'),
    <>
      <p>{t('activateIntro')}</p>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/activate" csrf={c.get('csrf')} class="stack card" novalidate>
        <AccountFields form={form} t={t} />
        <TextField form={form} name="code" label={t('oneTimeCode')} required autocomplete="one-time-code" />
        <TextField form={form} name="newPassword" label={t('newPassword')} type="password" required autocomplete="new-password" />
        <button type="submit">{t('setPassword')}</button>
      </PostForm>
    </>,
    status,
  );
}

function passwordPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  return render(
    c,
    t('changePasswordTitle'),
    <>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/password" csrf={c.get('csrf')} class="stack card" novalidate>
        <AccountFields form={form} t={t} />
        <TextField form={form} name="currentPassword" label={t('currentPassword')} type="password" required autocomplete="current-password" />
        <TextField form={form} name="otp" label={t('otp')} hint={t('otpHint')} autocomplete="one-time-code" />
        <TextField form={form} name="newPassword" label={t('newPassword')} type="password" required autocomplete="new-password" />
        <button type="submit">{t('changePassword')}</button>
      </PostForm>
    </>,
    status,
  );
}

function secondFactorPage(c: ConsoleContext, form: FormState, status: 200 | 422 = 200) {
  const t = c.get('t');
  return render(
    c,
    t('secondFactorTitle'),
    <>
      <p>{t('secondFactorIntro')}</p>
      <FormErrors form={form} t={t} />
      <PostForm action="/console/second-factor" csrf={c.get('csrf')} class="stack card" novalidate>
        <AccountFields form={form} t={t} />
        <TextField form={form} name="password" label={t('password')} type="password" required autocomplete="current-password" />
        <button type="submit">{t('secondFactorBegin')}</button>
      </PostForm>
    </>,
    status,
  );
}

/** The secret to scan (shown with this answer only) and the form that confirms it with a first code. */
function confirmPage(c: ConsoleContext, form: FormState, shown: { qr: string; secret: string } | undefined, status: 200 | 422 = 200) {
  const t = c.get('t');
  const hidden = (name: string) => <input type="hidden" name={name} value={String(form.values[name] ?? '')} />;
  return render(
    c,
    t('secondFactorTitle'),
    <>
      {shown ? (
        <div class="card stack" id="second-factor-secret">
          <p>{t('secondFactorScan')}</p>
          <figure class="qr" role="img" aria-label={t('secondFactorKey')}>
            {raw(shown.qr)}
          </figure>
          <dl>
            <dt>{t('secondFactorKey')}</dt>
            <dd>
              <code>{shown.secret}</code>
            </dd>
          </dl>
        </div>
      ) : null}
      <FormErrors form={form} t={t} />
      <PostForm action="/console/second-factor/confirm" csrf={c.get('csrf')} class="stack card" novalidate>
        {hidden('agency')}
        {hidden('username')}
        {hidden('ticket')}
        <TextField form={form} name="otp" label={t('otp')} required autocomplete="one-time-code" />
        <button type="submit">{t('secondFactorConfirm')}</button>
      </PostForm>
    </>,
    status,
  );
}

function recoveryCodesPage(c: ConsoleContext, codes: string[]) {
  const t = c.get('t');
  return render(
    c,
    t('recoveryCodes'),
    <>
      <Notice kind="good">{t('secondFactorOn')}</Notice>
      <ul id="recovery-codes" class="card">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/console/sign-in">{t('toSignIn')}</a>
      </p>
    </>,
  );
}
