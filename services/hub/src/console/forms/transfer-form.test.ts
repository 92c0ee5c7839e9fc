import { AcceptTransfer, DeclineTransfer, RequestTransfer } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { transferFormToInput, transferStepFormToInput } from './transfer-form';

describe('the transfer forms', () => {
  it('make the input of requestTransfer, the categories ticked', () => {
    const input = transferFormToInput({ to: 'mgcas', consentId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', purpose: 'best_interests_procedure', categories: ['identity', 'family'], reason: 'Social welfare takes it' });
    expect(RequestTransfer.parse(input)).toEqual({ to: 'mgcas', consentId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', purpose: 'best_interests_procedure', categories: ['identity', 'family'], reason: 'Social welfare takes it' });
    // One category ticked arrives as a string, none as nothing: both are a list.
    expect(transferFormToInput({ categories: 'identity' }).categories).toEqual(['identity']);
    expect(RequestTransfer.safeParse(transferFormToInput({ to: 'mgcas', consentId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90', purpose: 'best_interests_procedure', reason: 'x' })).success).toBe(false);
  });

  it('make the inputs of accepting (a caseworker only when chosen) and declining (a reason required)', () => {
    expect(AcceptTransfer.parse(transferStepFormToInput.accept({ assigneeId: '' }))).toEqual({});
    expect(AcceptTransfer.parse(transferStepFormToInput.accept({ assigneeId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098' }))).toEqual({ assigneeId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098' });
    expect(DeclineTransfer.safeParse(transferStepFormToInput.decline({ reason: '' })).success).toBe(false);
    expect(DeclineTransfer.parse(transferStepFormToInput.decline({ reason: 'No place' }))).toEqual({ reason: 'No place' });
  });
});
