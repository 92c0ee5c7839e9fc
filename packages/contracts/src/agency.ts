import { z } from 'zod';
import { AgencyKind, ProvinceCode, ServiceCode, UserRole } from './catalogue';
import { DisplayName, Slug, Timestamp, Uuid } from './common';

export const AgencyService = z
  .strictObject({ service: ServiceCode, province: ProvinceCode })
  .meta({ id: 'AgencyService' });
export type AgencyService = z.infer<typeof AgencyService>;

export const Agency = z
  .object({
    id: Uuid,
    slug: Slug,
    name: z.object({ en: z.string(), pt: z.string() }),
    kind: AgencyKind,
    status: z.enum(['active', 'suspended']),
    services: z.array(AgencyService),
    secondFactorRoles: z.array(UserRole).meta({ description: 'The roles whose people must sign in with a second factor' }),
    retentionMinimumDays: z.number().int().meta({ description: 'The agency’s legal minimum retention of a closed case’s personal data, in days (0: none): no rule of its retention schedule may be shorter' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Agency' });
export type Agency = z.infer<typeof Agency>;

const uniqueServices = (services: AgencyService[]) =>
  new Set(services.map((s) => `${s.service}/${s.province}`)).size === services.length;

export const ServiceList = z
  .array(AgencyService)
  .max(500)
  .refine(uniqueServices, { message: 'each service and province pair may appear once', params: { check: 'unique', pt: 'cada par de serviço e província só pode aparecer uma vez' } });

export const CreateAgency = z
  .strictObject({
    slug: Slug,
    name: z.strictObject({ en: DisplayName, pt: DisplayName }),
    kind: AgencyKind,
    services: ServiceList.default([]),
    secondFactorRoles: z
      .array(UserRole)
      .default(['agency_admin', 'privacy_officer'])
      .meta({ description: 'The roles whose people must sign in with a second factor (TOTP)' }),
  })
  .meta({ id: 'CreateAgency' });
export type CreateAgency = z.infer<typeof CreateAgency>;

export const UpdateAgency = z
  .strictObject({
    name: z.strictObject({ en: DisplayName, pt: DisplayName }).optional(),
    status: z.enum(['active', 'suspended']).optional(),
    secondFactorRoles: z.array(UserRole).optional(),
    retentionMinimumDays: z
      .number()
      .int()
      .min(0)
      .max(36_500)
      .optional()
      .meta({ description: 'The agency’s legal minimum retention, in days (0: none), as the law it works under sets it (a prosecutor’s files, say): its retention schedule may give no shorter period. A minimum raised above a rule already set lengthens that rule in the daily job; the schedule is not rewritten' }),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required', params: { check: 'not_empty', pt: 'é necessário pelo menos um campo' } })
  .meta({ id: 'UpdateAgency' });
export type UpdateAgency = z.infer<typeof UpdateAgency>;

export const ReplaceServices = z.strictObject({ services: ServiceList }).meta({ id: 'ReplaceServices' });

export const DirectoryQuery = z.strictObject({ service: ServiceCode, province: ProvinceCode });
