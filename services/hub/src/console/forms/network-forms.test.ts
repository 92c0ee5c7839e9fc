import { CreateAgency, CreateAgreement, ServiceList, TerminateAgreement } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { agencyFormToInput, agencyServicesFormToInput, agencyServicesToForm, agencyStatusOf, agreementFormToInput, newAgencyForm, terminationFormToInput } from './network-forms';

describe('the new agency form', () => {
  it('starts as a civil-society organisation, and becomes the input of createAgency with its name in both languages', () => {
    expect(newAgencyForm()).toEqual({ kind: 'civil_society', secondFactorRoles: ['agency_admin', 'privacy_officer'] });
    const input = agencyFormToInput({ slug: 'lifeline', 'name.en': ' Lifeline ', 'name.pt': 'Linha da Vida', kind: 'civil_society', secondFactorRoles: ['agency_admin'] });
    expect(input).toEqual({ slug: 'lifeline', name: { en: 'Lifeline', pt: 'Linha da Vida' }, kind: 'civil_society', secondFactorRoles: ['agency_admin'] });
    expect(CreateAgency.safeParse(input).success).toBe(true);
    // Nothing ticked is no second factor for anyone: what the operator chose, not the default.
    expect(agencyFormToInput({})).toEqual({ slug: '', name: { en: '', pt: '' }, kind: '', secondFactorRoles: [] });
  });

  it('reads the status an agency’s button asks for, or none', () => {
    expect(agencyStatusOf({ status: 'suspended' })).toBe('suspended');
    expect(agencyStatusOf({})).toBeUndefined();
  });
});

describe('an agency’s services', () => {
  const agency = { services: [{ service: 'shelter', province: 'MZ-G' }, { service: 'legal_aid', province: 'MZ-A' }] };

  it('fill the form as one ticked box per service and province, and come back the same', () => {
    const form = agencyServicesToForm(agency);
    expect(form).toEqual({ services: ['shelter/MZ-G', 'legal_aid/MZ-A'] });
    const input = agencyServicesFormToInput(form);
    expect(input).toEqual(agency.services);
    expect(ServiceList.safeParse(input).success).toBe(true);
  });

  it('are none when no box is ticked, one when one is', () => {
    expect(agencyServicesToForm({ services: [] })).toEqual({ services: [] });
    expect(agencyServicesFormToInput({})).toEqual([]);
    expect(agencyServicesFormToInput({ services: 'shelter/MZ-G' })).toEqual([{ service: 'shelter', province: 'MZ-G' }]);
  });

  it('pass a box that is not a pair on for the contract to refuse', () => {
    const input = agencyServicesFormToInput({ services: ['shelter'] });
    expect(input).toEqual([{ service: 'shelter', province: undefined }]);
    expect(ServiceList.safeParse(input).success).toBe(false);
  });
});

describe('the new agreement form', () => {
  it('becomes the input of createAgreement, its validity as the calendar dates typed', () => {
    const input = agreementFormToInput({ from: 'iom', to: 'unhcr', purposes: 'protection_assistance', categories: ['identity', 'health'], validFrom: '2026-01-01', validUntil: '2027-12-31', documentRef: ' MoU 2026/4 ' });
    expect(input).toEqual({ from: 'iom', to: 'unhcr', purposes: ['protection_assistance'], categories: ['identity', 'health'], validFrom: '2026-01-01', validUntil: '2027-12-31', documentRef: 'MoU 2026/4' });
    expect(CreateAgreement.safeParse(input).success).toBe(true);
  });

  it('sends what is missing empty, and lists empty when nothing is ticked', () => {
    expect(agreementFormToInput({})).toEqual({ from: '', to: '', purposes: [], categories: [], validFrom: '', validUntil: '', documentRef: '' });
  });

  it('terminates with the reason written, or an empty one for the contract to refuse', () => {
    expect(TerminateAgreement.safeParse(terminationFormToInput({ reason: 'Superseded' })).success).toBe(true);
    expect(terminationFormToInput({})).toEqual({ reason: '' });
  });
});
