import { AcceptReferral, AssignReferral, CompleteReferral, DeclineReferral, SendReferral, WithdrawReferral } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { assignFormFor, newReferralForm, referralFormToInput, referralStepFormToInput } from './referral-form';

const SUBJECT = '0b5c1d9e-0000-4000-8000-000000000001';
const CONSENT = '0b5c1d9e-0000-4000-8000-000000000002';
const USER = '0b5c1d9e-0000-4000-8000-000000000003';

describe('the new referral form', () => {
  it('starts from the address that led to it: the subject, a service and a province that are codes, routine urgency', () => {
    expect(newReferralForm({ subject: SUBJECT, service: 'shelter', province: 'MZ-G' })).toEqual({ subjectId: SUBJECT, service: 'shelter', province: 'MZ-G', urgency: 'routine' });
  });

  it('leaves out a service or province that is not a code, and a subject not given', () => {
    expect(newReferralForm({ service: 'spa-day', province: 'Atlantis' })).toEqual({ subjectId: '', service: '', province: '', urgency: 'routine' });
    expect(newReferralForm({})).toEqual({ subjectId: '', service: '', province: '', urgency: 'routine' });
  });

  it('becomes the input of sendReferral: the ticked categories, a note only when written', () => {
    const values = { to: 'unhcr', subjectId: SUBJECT, consentId: CONSENT, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'], note: '  ' };
    const input = referralFormToInput(values);
    expect(input).toEqual({ to: 'unhcr', subjectId: SUBJECT, consentId: CONSENT, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location'] });
    expect(SendReferral.safeParse(input).success).toBe(true);
    expect(referralFormToInput({ ...values, categories: 'identity', note: ' Needs a ground-floor room ' })).toMatchObject({ categories: ['identity'], note: 'Needs a ground-floor room' });
  });

  it('sends what is missing empty, and no category when none is ticked', () => {
    expect(referralFormToInput({})).toEqual({ to: '', subjectId: '', consentId: '', service: '', purpose: '', urgency: '', categories: [] });
  });
});

describe('the steps on a referral', () => {
  it('accepts with an assignee when one is chosen, and without one when none is', () => {
    expect(referralStepFormToInput.accept({ assigneeId: USER })).toEqual({ assigneeId: USER });
    expect(referralStepFormToInput.accept({ assigneeId: '' })).toEqual({});
    expect(AcceptReferral.safeParse(referralStepFormToInput.accept({})).success).toBe(true);
  });

  it('assigns to the one chosen, and sends none chosen empty for the contract to refuse', () => {
    expect(AssignReferral.safeParse(referralStepFormToInput.assign({ assigneeId: USER })).success).toBe(true);
    expect(referralStepFormToInput.assign({})).toEqual({ assigneeId: '' });
    expect(AssignReferral.safeParse(referralStepFormToInput.assign({})).success).toBe(false);
  });

  it('reads the code and reason of a decline, the reason of a withdrawal and the code and outcome of a completion, trimmed', () => {
    expect(DeclineReferral.safeParse(referralStepFormToInput.decline({ reasonCode: 'no_capacity', reason: ' No beds ' })).data).toEqual({ reasonCode: 'no_capacity', reason: 'No beds' });
    expect(DeclineReferral.safeParse(referralStepFormToInput.decline({ reasonCode: 'outside_mandate', reason: '  ' })).data).toEqual({ reasonCode: 'outside_mandate' });
    expect(WithdrawReferral.safeParse(referralStepFormToInput.withdraw({ reason: 'Sent in error' })).success).toBe(true);
    expect(CompleteReferral.safeParse(referralStepFormToInput.complete({ outcomeCode: 'service_provided', outcome: 'Placed' })).success).toBe(true);
    expect(referralStepFormToInput.decline({})).toEqual({ reasonCode: '' });
    expect(DeclineReferral.safeParse(referralStepFormToInput.decline({})).success).toBe(false);
    expect(referralStepFormToInput.complete({ outcomeCode: 'not_provided_other', outcome: '   ' })).toEqual({ outcomeCode: 'not_provided_other' });
    expect(CompleteReferral.safeParse(referralStepFormToInput.complete({ outcomeCode: 'not_provided_other', outcome: '   ' })).error?.issues[0]).toMatchObject({ path: ['outcome'], params: { check: 'required' } });
    expect(referralStepFormToInput.start({ anything: 'x' })).toEqual({});
  });

  it('fills the assignment form from the referral: its assignee, or none chosen', () => {
    expect(assignFormFor({ assigneeId: USER })).toEqual({ assigneeId: USER });
    expect(assignFormFor({ assigneeId: null })).toEqual({ assigneeId: '' });
  });
});
