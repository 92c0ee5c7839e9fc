import { describe, expect, it } from 'vitest';
import { messageNeedsReview } from '@ponte/policy';
import { mentionsIdentity } from './message-identity';

const identity = { givenName: 'José', familyName: 'Mabunda', otherNames: ['Zeca'], dateOfBirth: '1991-08-02' };

describe('mentionsIdentity', () => {
  it('finds a name as a whole word, case and accents aside', () => {
    expect(mentionsIdentity('jose will call', identity)).toBe(true);
    expect(mentionsIdentity('Ask MABUNDA first', identity)).toBe(true);
    expect(mentionsIdentity('Zeca is fine', identity)).toBe(true);
    expect(mentionsIdentity('Josefina will call', identity)).toBe(false);
  });
  it('finds the date of birth as ISO or day first', () => {
    for (const written of ['1991-08-02', '02/08/1991', '2/8/1991', '02-08-1991', '02.08.1991.'])
      expect(mentionsIdentity(`born ${written}`, identity)).toBe(true);
    expect(mentionsIdentity('seen on 03/08/1991', identity)).toBe(false);
    expect(mentionsIdentity('age 35', identity)).toBe(false);
  });
});

describe('messageNeedsReview', () => {
  it('only for the sending side naming a subject whose identity the receiver was not shared', () => {
    expect(messageNeedsReview('sender', ['contact'], true)).toBe(true);
    expect(messageNeedsReview('sender', ['identity', 'contact'], true)).toBe(false);
    expect(messageNeedsReview('sender', ['contact'], false)).toBe(false);
    expect(messageNeedsReview('receiver', ['contact'], true)).toBe(false);
  });
});
