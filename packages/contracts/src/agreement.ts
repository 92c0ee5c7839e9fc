import { z } from 'zod';
import { DataCategory, Purpose } from './catalogue';
import { IsoDate, Slug, Timestamp, Uuid } from './common';

/** How long a receiving agency has to accept or decline, by urgency, unless the agreement says otherwise. */
export const DEFAULT_RESPONSE_HOURS = { emergency: 24, priority: 72, routine: 240 } as const;
/** The longest response time an agreement may set: 90 days. */
export const MAX_RESPONSE_HOURS = 2160;

const hours = z
  .number()
  .int()
  .min(1)
  .max(MAX_RESPONSE_HOURS)
  .meta({ description: `Whole hours, 1 to ${MAX_RESPONSE_HOURS}` });

/** The response time per urgency, in hours, as an agreement holds it (the defaults filled in). */
export const ResponseHours = z
  .object({ emergency: hours, priority: hours, routine: hours })
  .meta({ id: 'ResponseHours', description: 'Hours the receiving agency has to accept or decline a referral, by urgency, counted from when it is sent' });
export type ResponseHours = z.infer<typeof ResponseHours>;

export const Agreement = z
  .object({
    id: Uuid,
    from: Slug.meta({ description: 'The disclosing agency' }),
    to: Slug.meta({ description: 'The receiving agency' }),
    purposes: z.array(Purpose),
    categories: z.array(DataCategory),
    validFrom: IsoDate,
    validUntil: IsoDate,
    documentRef: z.string(),
    status: z.enum(['active', 'terminated']),
    responseHours: ResponseHours.meta({
      description: `Hours the receiving agency has to respond to a referral under this agreement, by urgency (defaults: emergency ${DEFAULT_RESPONSE_HOURS.emergency}, priority ${DEFAULT_RESPONSE_HOURS.priority}, routine ${DEFAULT_RESPONSE_HOURS.routine})`,
    }),
    inForce: z.boolean().meta({ description: 'Active and today within its validity period' }),
    terminatedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Agreement' });
export type Agreement = z.infer<typeof Agreement>;

const distinct = <T>(items: T[]) => new Set(items).size === items.length;

export const CreateAgreement = z
  .strictObject({
    from: Slug,
    to: Slug,
    purposes: z.array(Purpose).min(1).refine(distinct, { message: 'purposes must be distinct', params: { check: 'unique', pt: 'as finalidades devem ser distintas' } }),
    categories: z
      .array(DataCategory)
      .min(1)
      .refine(distinct, { message: 'categories must be distinct', params: { check: 'unique', pt: 'as categorias devem ser distintas' } }),
    validFrom: IsoDate,
    validUntil: IsoDate,
    documentRef: z.string().trim().min(1).max(500).meta({ description: 'Reference to the signed document' }),
    responseHours: z
      .strictObject({ emergency: hours.optional(), priority: hours.optional(), routine: hours.optional() })
      .optional()
      .meta({
        description: `Hours the receiving agency has to accept or decline a referral, by urgency; an urgency left out keeps the default (emergency ${DEFAULT_RESPONSE_HOURS.emergency}, priority ${DEFAULT_RESPONSE_HOURS.priority}, routine ${DEFAULT_RESPONSE_HOURS.routine}). A referral's deadline is fixed when it is sent.`,
      }),
  })
  .superRefine((v, ctx) => {
    if (v.validUntil < v.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must not be before validFrom', params: { check: 'after_start', pt: 'não pode ser anterior a validFrom' } });
    if (v.from === v.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from `from`', params: { check: 'distinct_parties', pt: 'tem de ser diferente de `from`' } });
  })
  .meta({ id: 'CreateAgreement' });
export type CreateAgreement = z.infer<typeof CreateAgreement>;

export const TerminateAgreement = z
  .strictObject({ reason: z.string().trim().min(1).max(1000) })
  .meta({ id: 'TerminateAgreement' });

export const AgreementQuery = z.strictObject({
  agency: Slug.optional().meta({ description: 'Only agreements this agency is party to' }),
  inForce: z.enum(['true', 'false']).optional(),
});
