import { list, optional, required, type FormValues } from './form-values';

/** The transfer form as the input of `requestTransfer`: the categories ticked. */
export const transferFormToInput = (values: FormValues) => ({
  to: required(values, 'to'),
  consentId: required(values, 'consentId'),
  purpose: required(values, 'purpose'),
  categories: list(values, 'categories'),
  reason: required(values, 'reason'),
});

/** The steps on a transfer, each form as its verb's input: a caseworker optional on accepting (required when the one accepting does not work on cases), a reason on declining. */
export const transferStepFormToInput = {
  accept: (values: FormValues) => optional(values, 'assigneeId', 'assigneeId'),
  decline: (values: FormValues) => ({ reason: required(values, 'reason') }),
  cancel: (_values: FormValues) => ({}),
};
