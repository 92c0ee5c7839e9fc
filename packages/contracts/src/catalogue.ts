import { z } from 'zod';

export const AGENCY_KINDS = ['un_agency', 'government', 'civil_society'] as const;
export const AgencyKind = z.enum(AGENCY_KINDS).meta({ id: 'AgencyKind' });
export type AgencyKind = z.infer<typeof AgencyKind>;

/** The closed list of services an agency may offer and a referral may ask for. */
export const SERVICE_CODES = [
  'shelter',
  'medical_care',
  'resettlement_medical_exam',
  'psychosocial_support',
  'legal_aid',
  'family_tracing',
  'best_interests_determination',
  'child_protection_case_management',
  'avrr_travel',
  'reintegration_economic',
  'reintegration_social',
  'reintegration_psychosocial',
  'documentation',
  'prosecution_support',
] as const;
export const ServiceCode = z.enum(SERVICE_CODES).meta({ id: 'ServiceCode' });
export type ServiceCode = z.infer<typeof ServiceCode>;

/** Provinces of Mozambique by their ISO 3166-2 codes. */
export const PROVINCES = {
  'MZ-A': 'Niassa',
  'MZ-B': 'Manica',
  'MZ-G': 'Gaza',
  'MZ-I': 'Inhambane',
  'MZ-L': 'Maputo',
  'MZ-MPM': 'Maputo (city)',
  'MZ-N': 'Nampula',
  'MZ-P': 'Cabo Delgado',
  'MZ-Q': 'Zambézia',
  'MZ-S': 'Sofala',
  'MZ-T': 'Tete',
} as const;
export type ProvinceCode = keyof typeof PROVINCES;
export const PROVINCE_CODES = Object.keys(PROVINCES) as [ProvinceCode, ...ProvinceCode[]];
export const ProvinceCode = z.enum(PROVINCE_CODES).meta({ id: 'ProvinceCode', description: 'ISO 3166-2:MZ' });

/** Categories personal data is grouped in; the last three are special categories. */
export const DATA_CATEGORIES = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
export const SPECIAL_CATEGORIES = ['protection', 'health', 'legal'] as const;
export const DataCategory = z.enum(DATA_CATEGORIES).meta({ id: 'DataCategory' });
export type DataCategory = z.infer<typeof DataCategory>;

/** Purposes for which personal data may flow between agencies. */
export const PURPOSES = [
  'protection_assistance',
  'medical_care',
  'psychosocial_support',
  'legal_assistance',
  'family_tracing_reunification',
  'best_interests_procedure',
  'return_reintegration',
  'resettlement_processing',
  'criminal_investigation_prosecution',
  'documentation_status',
] as const;
export const Purpose = z.enum(PURPOSES).meta({ id: 'Purpose' });
export type Purpose = z.infer<typeof Purpose>;

export const USER_ROLES = [
  'caseworker',
  'supervisor',
  'intake_focal_point',
  'privacy_officer',
  'agency_admin',
  /** May record a best-interests determination as the basis for a child's data to be processed. */
  'child_protection_officer',
] as const;
export const UserRole = z.enum(USER_ROLES).meta({ id: 'UserRole' });
export type UserRole = z.infer<typeof UserRole>;

export const LEGAL_BASES = ['consent', 'vital_interests', 'legal_obligation', 'public_task'] as const;
export const LegalBasis = z.enum(LEGAL_BASES).meta({ id: 'LegalBasis' });
export type LegalBasis = z.infer<typeof LegalBasis>;
