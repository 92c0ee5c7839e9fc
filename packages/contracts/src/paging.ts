import { z } from 'zod';

/**
 * Paging, the same on every list: the query takes `limit` and `cursor` (opaque: the `nextCursor` of
 * the page before, passed back as given), and the answer is `{ items, nextCursor }`, `nextCursor`
 * null once there is no more. The event feed, polled forever, is the one exception: its
 * `nextCursor` is never null (see `GET /v1/events`).
 */

/** The API version that drops the deprecated names of the cursor (`after`, `afterSize`). */
export const ALIASES_REMOVED_IN = '0.2.0';

export interface PagingOptions {
  /** Items on a page when the query gives no `limit`. */
  defaultLimit: number;
  /** The largest `limit` the list takes. */
  maxLimit: number;
  /** The longest cursor the list writes (a longer one is refused before it is read). */
  cursorMaxLength?: number;
}

/** `limit` and `cursor`, the query parameters every list takes. */
export function pagingParams({ defaultLimit, maxLimit, cursorMaxLength = 300 }: PagingOptions) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .meta({ description: `Items on a page, 1 to ${maxLimit} (default ${defaultLimit})` }),
    cursor: z
      .string()
      .min(1)
      .max(cursorMaxLength)
      .optional()
      .meta({ description: 'Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page.' }),
  };
}

/**
 * A query parameter an earlier version named the cursor by, kept for one version: documented as
 * deprecated (on the parameter and its schema), with its replacement and the version that drops it.
 */
export function deprecatedCursorAlias<T extends z.ZodType>(schema: T, meaning: string) {
  return schema.optional().meta({
    description: `Deprecated: use \`cursor\` (the \`nextCursor\` of the page before) instead. ${meaning} Accepted until API version ${ALIASES_REMOVED_IN}, which drops it; never together with \`cursor\`.`,
    deprecated: true,
    param: { deprecated: true },
  });
}

/**
 * The query of a list: its own filters, `limit`, `cursor`, and the deprecated names of the cursor
 * it still accepts. A query that gives the cursor by two names is refused, naming the old one.
 */
export function listQuery<F extends z.ZodRawShape, A extends z.ZodRawShape = {}>(filters: F, paging: PagingOptions, aliases: A = {} as A) {
  const names = Object.keys(aliases);
  return z.strictObject({ ...filters, ...pagingParams(paging), ...aliases }).superRefine((value, ctx) => {
    const given = value as Record<string, unknown>;
    for (const name of names)
      if (given[name] !== undefined && given.cursor !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `give \`cursor\` or \`${name}\`, not both (\`${name}\` is deprecated)`,
          params: { check: 'one_cursor', pt: `indique \`cursor\` ou \`${name}\`, não ambos (\`${name}\` está obsoleto)` },
        });
  });
}
