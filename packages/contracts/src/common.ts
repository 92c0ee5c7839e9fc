import { z } from 'zod';
import { PROBLEM_CODES } from './errors';
import { pagingParams } from './paging';

export const Uuid = z.uuid().meta({ example: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90' });
export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'lowercase letters, digits and hyphens, 2 to 40 characters')
  .meta({ id: 'AgencySlug', example: 'iom' });
/** A calendar date (YYYY-MM-DD) between 1900 and 2199. */
export const IsoDate = z.iso
  .date()
  .refine((v) => v >= '1900-01-01' && v <= '2199-12-31', { message: 'must be between 1900-01-01 and 2199-12-31', params: { check: 'in_range', pt: 'tem de estar entre 1900-01-01 e 2199-12-31' } })
  .meta({ example: '2026-01-01' });
export const Timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-27T09:30:00Z' });
export const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lowercase letters, digits, dot, underscore or hyphen, 3 to 64 characters')
  .meta({ example: 'ana.machava' });
export const DisplayName = z.string().trim().min(1).max(200);
/** A password a person chooses: long rather than complex (OWASP ASVS V2.1). */
export const Password = z.string().min(12).max(128);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(PROBLEM_CODES),
    requestId: z.string(),
    errors: z
      .array(
        z.object({
          in: z.enum(['body', 'query', 'path', 'header']),
          field: z.string(),
          pointer: z.string(),
          check: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` to read the next page; null at the end' }),
  });

/** The query of a list with no filters of its own (see paging.ts). */
export const PageQuery = z.strictObject(pagingParams({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }));
