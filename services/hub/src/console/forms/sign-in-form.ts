import { password, required, text, type FormValues } from './form-values';

/** The sign-in form as the token endpoint's password grant: no agency named is the hub operator signing in. */
export const signInFormToInput = (values: FormValues) => ({
  grant_type: 'password' as const,
  agency: text(values, 'agency'),
  username: required(values, 'username'),
  password: password(values, 'password'),
  otp: text(values, 'otp'),
});

/** The sign-in form drawn again after a refusal: the agency and username as typed, never the password. */
export const signInFormShown = (values: FormValues): FormValues => ({ agency: values.agency ?? '', username: values.username ?? '' });
