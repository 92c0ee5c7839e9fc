import type { AgencyKind, DataCategory, ProvinceCode, Purpose, ServiceCode, UserRole } from '@ponte/contracts';

/**
 * The demo network: the agencies that assist migrants in Mozambique, two fictional
 * civil-society organisations, and the agreements between them. Every person is fictional.
 */
export interface DemoAgency {
  slug: string;
  name: { en: string; pt: string };
  kind: AgencyKind;
  services: Array<{ service: ServiceCode; provinces: ProvinceCode[] }>;
  /** The legal minimum retention of a closed case's personal data, in days (the hub operator sets it; none: 0). */
  retentionMinimumDays?: number;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    slug: 'iom',
    name: { en: 'International Organization for Migration (IOM) Mozambique', pt: 'Organização Internacional para as Migrações (OIM) Moçambique' },
    kind: 'un_agency',
    services: [
      { service: 'avrr_travel', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G'] },
      { service: 'resettlement_medical_exam', provinces: ['MZ-MPM', 'MZ-N'] },
      { service: 'medical_care', provinces: ['MZ-MPM'] },
      { service: 'psychosocial_support', provinces: ['MZ-MPM'] },
      { service: 'reintegration_economic', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G', 'MZ-I'] },
      { service: 'reintegration_social', provinces: ['MZ-MPM', 'MZ-G'] },
    ],
  },
  {
    slug: 'pgr',
    name: { en: "General Prosecutor's Office (national counter-trafficking coordinator)", pt: 'Procuradoria-Geral da República' },
    kind: 'government',
    services: [{ service: 'prosecution_support', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G', 'MZ-I', 'MZ-S', 'MZ-B', 'MZ-T', 'MZ-N'] }],
    // A prosecutor's case files are kept for years after the case closes: a demonstration figure, not legal advice.
    retentionMinimumDays: 3650,
  },
  {
    slug: 'senami',
    name: { en: 'National Migration Service, Ministry of the Interior', pt: 'Serviço Nacional de Migração, Ministério do Interior' },
    kind: 'government',
    services: [{ service: 'documentation', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G', 'MZ-B', 'MZ-T', 'MZ-N'] }],
  },
  {
    slug: 'mgcas',
    name: { en: 'Ministry of Gender, Children and Social Action', pt: 'Ministério do Género, Criança e Acção Social' },
    kind: 'government',
    services: [
      { service: 'best_interests_determination', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G', 'MZ-N', 'MZ-P'] },
      { service: 'child_protection_case_management', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G', 'MZ-I', 'MZ-N', 'MZ-P'] },
      { service: 'shelter', provinces: ['MZ-MPM', 'MZ-G'] },
    ],
  },
  {
    slug: 'unhcr',
    name: { en: 'UN Refugee Agency (UNHCR) Mozambique', pt: 'Alto Comissariado das Nações Unidas para os Refugiados (ACNUR) Moçambique' },
    kind: 'un_agency',
    services: [
      { service: 'legal_aid', provinces: ['MZ-N', 'MZ-MPM'] },
      { service: 'family_tracing', provinces: ['MZ-N', 'MZ-P'] },
    ],
  },
  {
    slug: 'unicef',
    name: { en: "UN Children's Fund (UNICEF) Mozambique", pt: 'Fundo das Nações Unidas para a Infância (UNICEF) Moçambique' },
    kind: 'un_agency',
    services: [
      { service: 'child_protection_case_management', provinces: ['MZ-P', 'MZ-N'] },
      { service: 'family_tracing', provinces: ['MZ-P', 'MZ-N', 'MZ-MPM'] },
      { service: 'psychosocial_support', provinces: ['MZ-P'] },
    ],
  },
  {
    slug: 'casa-esperanca',
    name: { en: 'Casa Esperança Shelter Network (fictional)', pt: 'Rede de Abrigos Casa Esperança (fictícia)' },
    kind: 'civil_society',
    services: [
      { service: 'shelter', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G'] },
      { service: 'psychosocial_support', provinces: ['MZ-MPM', 'MZ-L', 'MZ-G'] },
      { service: 'reintegration_psychosocial', provinces: ['MZ-MPM', 'MZ-G'] },
      { service: 'reintegration_social', provinces: ['MZ-L', 'MZ-G'] },
    ],
  },
  {
    slug: 'caminho-seguro',
    name: { en: 'Caminho Seguro Association (fictional)', pt: 'Associação Caminho Seguro (fictícia)' },
    kind: 'civil_society',
    services: [
      { service: 'legal_aid', provinces: ['MZ-MPM', 'MZ-G', 'MZ-I'] },
      { service: 'reintegration_economic', provinces: ['MZ-G', 'MZ-I', 'MZ-B'] },
      { service: 'family_tracing', provinces: ['MZ-G', 'MZ-I'] },
    ],
  },
];

export interface DemoAgreement {
  from: string;
  to: string;
  purposes: Purpose[];
  categories: DataCategory[];
  validFrom: string;
  validUntil: string;
  documentRef: string;
}

const ALL_BUT_LEGAL: DataCategory[] = ['identity', 'contact', 'location', 'family', 'protection', 'health'];

/** Both directions of a bilateral agreement, under one signed document. */
function bilateral(a: string, b: string, purposes: Purpose[], categories: DataCategory[], validUntil = '2028-12-31', validFrom = '2026-01-01'): DemoAgreement[] {
  const documentRef = `DSA-${a.toUpperCase()}-${b.toUpperCase()}-${validFrom.slice(0, 4)}`;
  return [
    { from: a, to: b, purposes, categories, validFrom, validUntil, documentRef },
    { from: b, to: a, purposes, categories, validFrom, validUntil, documentRef },
  ];
}

export const DEMO_AGREEMENTS: DemoAgreement[] = [
  ...bilateral('iom', 'casa-esperanca', ['protection_assistance', 'psychosocial_support', 'return_reintegration'], ALL_BUT_LEGAL),
  ...bilateral('iom', 'caminho-seguro', ['return_reintegration', 'legal_assistance', 'family_tracing_reunification'], [
    'identity',
    'contact',
    'location',
    'family',
    'legal',
  ]),
  ...bilateral('iom', 'mgcas', ['best_interests_procedure', 'protection_assistance', 'family_tracing_reunification', 'return_reintegration'], ALL_BUT_LEGAL),
  ...bilateral('mgcas', 'unicef', ['best_interests_procedure', 'family_tracing_reunification', 'psychosocial_support'], ALL_BUT_LEGAL),
  // UNICEF refers children on to a civil-society partner's psychosocial support (an onward referral).
  ...bilateral('unicef', 'casa-esperanca', ['psychosocial_support', 'protection_assistance'], ALL_BUT_LEGAL),
  ...bilateral('iom', 'unhcr', ['resettlement_processing', 'medical_care'], ['identity', 'contact', 'location', 'family', 'health', 'legal']),
  ...bilateral('iom', 'senami', ['documentation_status', 'return_reintegration'], ['identity', 'location', 'legal']),
  {
    from: 'iom',
    to: 'pgr',
    purposes: ['criminal_investigation_prosecution'],
    categories: ['identity', 'contact', 'protection', 'legal'],
    validFrom: '2026-01-01',
    validUntil: '2028-12-31',
    documentRef: 'MOU-IOM-PGR-CT-2026',
  },
  {
    from: 'pgr',
    to: 'iom',
    purposes: ['protection_assistance', 'return_reintegration'],
    categories: ['identity', 'contact', 'location', 'protection'],
    validFrom: '2026-01-01',
    validUntil: '2028-12-31',
    documentRef: 'MOU-IOM-PGR-CT-2026',
  },
  // An agreement that has lapsed: nothing may flow under it.
  ...bilateral('unhcr', 'casa-esperanca', ['protection_assistance'], ['identity', 'contact', 'location'], '2024-12-31', '2023-01-01'),
];

export interface DemoUser {
  username: string;
  displayName: string;
  roles: UserRole[];
  team?: string;
}

/**
 * Every agency gets one account of every role. Caseworker A and the supervisor work in the
 * case team; caseworker B in another, to show need-to-know.
 */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Agency administrator', roles: ['agency_admin'] },
  { username: 'caseworker', displayName: 'Caseworker A', roles: ['caseworker'], team: 'case-team' },
  { username: 'caseworker2', displayName: 'Caseworker B', roles: ['caseworker'], team: 'outreach' },
  { username: 'supervisor', displayName: 'Case supervisor', roles: ['supervisor'], team: 'case-team' },
  { username: 'child-protection', displayName: 'Child-protection officer', roles: ['child_protection_officer', 'caseworker'], team: 'case-team' },
  { username: 'focal-point', displayName: 'Intake focal point', roles: ['intake_focal_point'] },
  { username: 'privacy', displayName: 'Privacy officer', roles: ['privacy_officer'] },
];

export const DEMO_OPERATOR = { username: 'operator', displayName: 'Hub operator' };

/** The API client each demo agency's case-management system uses. */
export const demoClientId = (slug: string) => `${slug}.demo`;
export const demoClientSecret = (slug: string, demoPassword: string) => `${slug}-${demoPassword}`;
