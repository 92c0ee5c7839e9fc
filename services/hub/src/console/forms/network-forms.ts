import { list, required, text, type FormValues } from './form-values';

/** A new agency's form as it first shows: a civil-society organisation whose administrators and privacy officers use a second factor. */
export const newAgencyForm = (): FormValues => ({ kind: 'civil_society', secondFactorRoles: ['agency_admin', 'privacy_officer'] });

/** The new agency form as the input of `createAgency`: its name in both languages, the roles ticked for a second factor. */
export const agencyFormToInput = (values: FormValues) => ({
  slug: required(values, 'slug'),
  name: { en: required(values, 'name.en'), pt: required(values, 'name.pt') },
  kind: required(values, 'kind'),
  secondFactorRoles: list(values, 'secondFactorRoles'),
});

/** The roles an agency requires a second factor of, as its form shows and sends them. */
export const secondFactorFormOf = (agency: { secondFactorRoles: readonly string[] }): FormValues => ({ secondFactorRoles: [...agency.secondFactorRoles] });
export const secondFactorFormToInput = (values: FormValues) => ({ secondFactorRoles: list(values, 'secondFactorRoles') });

/** The status an agency's button asks for (`active` or `suspended`), as sent; the page checks it. */
export const agencyStatusOf = (values: FormValues) => text(values, 'status');

/** The services form filled from the agency: one ticked box per service and province, `service/province`. */
export const agencyServicesToForm = (agency: { services: ReadonlyArray<{ service: string; province: string }> }): FormValues => ({
  services: agency.services.map((s) => `${s.service}/${s.province}`),
});

/** The services form as the input of `replaceAgencyServices`: each ticked `service/province` box as a pair. */
export const agencyServicesFormToInput = (values: FormValues) =>
  list(values, 'services').map((pair) => {
    const [service, province] = pair.split('/');
    return { service, province };
  });

/** The new agreement form as the input of `createAgreement`: validity as the calendar dates typed (the contract reads them as Maputo dates). */
export const agreementFormToInput = (values: FormValues) => ({
  from: required(values, 'from'),
  to: required(values, 'to'),
  purposes: list(values, 'purposes'),
  categories: list(values, 'categories'),
  validFrom: required(values, 'validFrom'),
  validUntil: required(values, 'validUntil'),
  documentRef: required(values, 'documentRef'),
  ...responseHoursOf(values),
});

/** The response hours the form was given, per urgency (a blank one keeps the hub's default); none given: none sent. */
function responseHoursOf(values: FormValues) {
  const given = Object.fromEntries(
    (['emergency', 'priority', 'routine'] as const).flatMap((urgency) => {
      const value = text(values, `responseHours.${urgency}`);
      // A number is sent as one; anything else as typed, for the contract to refuse by name.
      return value === undefined ? [] : [[urgency, /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value]];
    }),
  );
  return Object.keys(given).length > 0 ? { responseHours: given } : {};
}

/** A termination's form as the input of `terminateAgreement`. */
export const terminationFormToInput = (values: FormValues) => ({ reason: required(values, 'reason') });
