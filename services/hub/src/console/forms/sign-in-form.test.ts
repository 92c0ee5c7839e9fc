import { TokenRequest } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { signInFormShown, signInFormToInput } from './sign-in-form';

describe('the sign-in form', () => {
  it('becomes the password grant of the token endpoint, the password as typed', () => {
    const input = signInFormToInput({ agency: ' iom ', username: 'caseworker', password: ' secret words ' });
    expect(input).toEqual({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: ' secret words ' });
    expect(TokenRequest.safeParse(input).success).toBe(true);
  });

  it('names no agency when none is typed: the hub operator signing in', () => {
    expect(signInFormToInput({ agency: '', username: 'operator', password: 'x' }).agency).toBeUndefined();
  });

  it('sends what is missing empty', () => {
    expect(signInFormToInput({})).toEqual({ grant_type: 'password', agency: undefined, username: '', password: '' });
  });

  it('is drawn again with the agency and username as typed, never the password', () => {
    expect(signInFormShown({ agency: 'iom', username: 'ana', password: 'secret' })).toEqual({ agency: 'iom', username: 'ana' });
    expect(signInFormShown({})).toEqual({ agency: '', username: '' });
  });
});
