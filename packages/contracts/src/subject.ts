import { z } from 'zod';
import { COUNTRY_ALPHA2, DATA_CATEGORIES, DataCategory, ProvinceCode } from './catalogue';
import { IsoDate, Timestamp, Uuid } from './common';
import { pagingParams } from './paging';
import { calendarDate } from './time';

const Text = (max = 200) => z.string().trim().min(1).max(max);
/** ISO 3166-1 alpha-3 country code, e.g. MOZ, ZAF, ZWE, MWI, ETH, SOM, COD. */
const Country = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code')
  .refine((code) => COUNTRY_ALPHA2.has(code), { message: 'not an ISO 3166-1 country', params: { check: 'known_country', pt: 'não é um país da ISO 3166-1' } })
  .meta({ example: 'MOZ' });
/** BCP 47 language tag, e.g. pt, en, sw, ny, ts, vmw (Emakhuwa). */
export const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag').meta({ example: 'pt' });
/** E.164 phone number. */
const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +258841234567');
const Place = z.strictObject({ country: Country, province: ProvinceCode.optional(), district: Text(100).optional(), locality: Text(200).optional() });

export const IdentityData = z
  .strictObject({
    givenName: Text(),
    familyName: Text(),
    otherNames: z.array(Text()).max(10).optional(),
    dateOfBirth: IsoDate.optional(),
    estimatedAge: z.number().int().min(0).max(120).optional().meta({ description: 'In years, when the date of birth is unknown' }),
    sex: z.enum(['female', 'male', 'intersex', 'unknown']),
    nationality: Country.optional(),
    languages: z.array(LanguageTag).min(1).max(10),
  })
  .superRefine((v, ctx) => {
    if (v.dateOfBirth && v.dateOfBirth > calendarDate(new Date()))
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'must not be in the future', params: { check: 'not_in_future', pt: 'não pode estar no futuro' } });
    if (!v.dateOfBirth && v.estimatedAge === undefined)
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'give a date of birth or an estimated age', params: { check: 'age_known', pt: 'indique a data de nascimento ou a idade estimada' } });
  })
  .meta({ id: 'IdentityData' });

export const ContactData = z
  .strictObject({
    phone: Phone.optional(),
    alternatePhone: Phone.optional(),
    email: z.email().optional(),
    safeToContact: z.boolean(),
    preferredChannel: z.enum(['phone', 'sms', 'whatsapp', 'in_person', 'through_caseworker']).optional(),
  })
  .meta({ id: 'ContactData' });

export const LocationData = z
  .strictObject({
    current: Place,
    address: Text(300).optional(),
    intendedDestination: Place.optional(),
    placeOfOrigin: Place.optional(),
  })
  .meta({ id: 'LocationData' });

const FamilyMember = z.strictObject({
  name: Text(),
  relationship: z.enum(['mother', 'father', 'sibling', 'spouse', 'child', 'grandparent', 'uncle_aunt', 'cousin', 'legal_guardian', 'other']),
  age: z.number().int().min(0).max(120).optional(),
  location: Place.optional(),
  phone: Phone.optional(),
  tracingStatus: z.enum(['not_needed', 'requested', 'in_progress', 'located', 'reunified', 'closed_not_found']).optional(),
});

export const FamilyData = z
  .strictObject({
    guardian: z.strictObject({ name: Text(), relationship: FamilyMember.shape.relationship, phone: Phone.optional() }).optional(),
    members: z.array(FamilyMember).max(30),
  })
  .meta({ id: 'FamilyData' });

export const TRAFFICKING_INDICATORS = [
  'deceptive_recruitment',
  'debt_bondage',
  'document_confiscation',
  'restricted_movement',
  'forced_labour',
  'sexual_exploitation',
  'threats_or_violence',
  'withheld_wages',
  'child_labour',
] as const;

export const ProtectionData = z
  .strictObject({
    traffickingIndicators: z.array(z.enum(TRAFFICKING_INDICATORS)).max(TRAFFICKING_INDICATORS.length),
    unaccompaniedMinor: z.boolean(),
    separatedChild: z.boolean(),
    vulnerabilities: z
      .array(z.enum(['survivor_of_violence', 'disability', 'chronic_illness', 'pregnant', 'elderly', 'single_parent', 'stranded', 'at_risk_of_refoulement', 'other']))
      .max(9),
    riskLevel: z.enum(['low', 'medium', 'high']).optional(),
  })
  .meta({ id: 'ProtectionData' });

export const HealthData = z
  .strictObject({
    medicalNeeds: z.array(Text(300)).max(20),
    urgentCare: z.boolean(),
    disabilities: z.array(z.enum(['physical', 'sensory', 'intellectual', 'psychosocial'])).max(4).optional(),
    pregnant: z.boolean().optional(),
    fitToTravel: z.enum(['yes', 'no', 'with_escort', 'unknown']).optional(),
  })
  .meta({ id: 'HealthData' });

export const LegalData = z
  .strictObject({
    legalStatus: z.enum(['national', 'refugee', 'asylum_seeker', 'regular_migrant', 'irregular_migrant', 'stateless', 'unknown']),
    documents: z
      .array(
        z.strictObject({
          type: z.enum(['passport', 'national_id', 'birth_certificate', 'refugee_id', 'asylum_seeker_permit', 'emergency_travel_document', 'other']),
          number: Text(50).optional(),
          issuingCountry: Country.optional(),
          expiresOn: IsoDate.optional(),
        }),
      )
      .max(10),
    victimOfTraffickingIdentified: z.boolean().optional(),
    criminalCaseReference: Text(100).optional(),
  })
  .meta({ id: 'LegalData' });

/** The zod schema of each category of personal data. */
export const CATEGORY_SCHEMAS = {
  identity: IdentityData,
  contact: ContactData,
  location: LocationData,
  family: FamilyData,
  protection: ProtectionData,
  health: HealthData,
  legal: LegalData,
} as const satisfies Record<DataCategory, z.ZodType>;

export type SubjectData = { [K in DataCategory]?: z.infer<(typeof CATEGORY_SCHEMAS)[K]> };

const TeamName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and hyphens');

export const RegisterSubject = z
  .strictObject({
    assignedUserId: Uuid.optional().meta({ description: 'Defaults to the person registering' }),
    team: TeamName.optional(),
    identity: IdentityData,
    contact: ContactData.optional(),
    location: LocationData.optional(),
    family: FamilyData.optional(),
    protection: ProtectionData.optional(),
    health: HealthData.optional(),
    legal: LegalData.optional(),
  })
  .meta({ id: 'RegisterSubject' });
export type RegisterSubject = z.infer<typeof RegisterSubject>;

export const UpdateSubject = z
  .strictObject({
    identity: IdentityData.optional(),
    contact: ContactData.nullable().optional(),
    location: LocationData.nullable().optional(),
    family: FamilyData.nullable().optional(),
    protection: ProtectionData.nullable().optional(),
    health: HealthData.nullable().optional(),
    legal: LegalData.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'change at least one category', params: { check: 'not_empty', pt: 'altere pelo menos uma categoria' } })
  .meta({ id: 'UpdateSubject' });
export type UpdateSubject = z.infer<typeof UpdateSubject>;

export const AssignSubject = z
  .strictObject({
    assignedUserId: Uuid.nullable(),
    team: TeamName.nullable().optional(),
    reason: Text(1000),
  })
  .meta({ id: 'AssignSubject' });
export type AssignSubject = z.infer<typeof AssignSubject>;

export const Subject = z
  .object({
    id: Uuid,
    reference: z.string().meta({ description: 'Pseudonymous reference; carries no personal data' }),
    agency: z.string(),
    assignedUserId: Uuid.nullable(),
    team: z.string().nullable(),
    version: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    data: z.object(Object.fromEntries(DATA_CATEGORIES.map((c) => [c, CATEGORY_SCHEMAS[c].optional()]))).meta({
      description: 'Only the categories the caller may read',
    }),
    access: z.object({
      readable: z.array(DataCategory),
      withheld: z.array(z.object({ category: DataCategory, rule: z.string() })),
      breakGlass: z.boolean(),
    }),
  })
  .meta({ id: 'Subject' });
export type Subject = z.infer<typeof Subject>;

export const SubjectListQuery = z.strictObject(pagingParams({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }));

export const BreakGlassRequest = z
  .strictObject({ justification: z.string().trim().min(20).max(2000).meta({ description: 'Why this emergency access is needed; reviewed by a privacy officer' }) })
  .meta({ id: 'BreakGlassRequest' });

export const BreakGlassGrant = z
  .object({ id: Uuid, subjectId: Uuid, grantedAt: Timestamp, expiresAt: Timestamp, flaggedForReview: z.boolean() })
  .meta({ id: 'BreakGlassGrant' });
