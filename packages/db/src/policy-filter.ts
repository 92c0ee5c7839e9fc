import type { Condition } from '@ponte/contracts';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

// Only the operators the policy package uses are translated; any other fails closed.


/** How a record attribute the rules test reads in SQL. */
export type FieldMapping =
  /** A scalar column: `eq` is equality (`is null` for null), `in` is membership. */
  | { kind: 'column'; sql: RawBuilder<unknown> }
  /** A set-valued attribute: `eq` means "contains", as in CASL's matching of arrays. */
  | { kind: 'contains'; sql: (value: unknown) => Expression<SqlBool> };

export class UnsupportedCondition extends Error {}

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/**
 * Translates a rules AST into a SQL predicate with the same meaning as `ability.can()` on a
 * record. `null` (no rule grants anything) is `false`. Property tests hold the two to agreement.
 */
export function conditionToSql(condition: Condition | null, fields: Record<string, FieldMapping>): Expression<SqlBool> {
  if (condition === null) return FALSE;
  return translate(condition, fields);
}

function translate(condition: Condition, fields: Record<string, FieldMapping>): RawBuilder<SqlBool> {
  switch (condition.operator) {
    case 'and':
    case 'or': {
      if (condition.value.length === 0) return condition.operator === 'and' ? TRUE : FALSE;
      const parts = condition.value.map((c) => translate(c, fields));
      return sql<SqlBool>`(${sql.join(parts, sql` ${sql.raw(condition.operator)} `)})`;
    }
    case 'not': {
      const inner = Array.isArray(condition.value) ? condition.value : [condition.value];
      return sql<SqlBool>`(not coalesce(${translate({ operator: 'and', value: inner }, fields)}, false))`;
    }
    case 'eq':
    case 'ne': {
      const positive = equals(fieldOf(condition.field, fields), condition.value);
      return condition.operator === 'eq' ? positive : sql<SqlBool>`(not coalesce(${positive}, false))`;
    }
    case 'in':
    case 'nin': {
      const mapping = fieldOf(condition.field, fields);
      const values = condition.value;
      const positive =
        values.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(values.map((v) => equals(mapping, v)), sql` or `)})`;
      return condition.operator === 'in' ? positive : sql<SqlBool>`(not coalesce(${positive}, false))`;
    }
    default:
      throw new UnsupportedCondition(`operator ${(condition as { operator: string }).operator} has no SQL translation`);
  }
}

function fieldOf(name: string, fields: Record<string, FieldMapping>): FieldMapping {
  const mapping = fields[name];
  if (!mapping) throw new UnsupportedCondition(`field ${name} has no SQL mapping`);
  return mapping;
}

function equals(mapping: FieldMapping, value: unknown): RawBuilder<SqlBool> {
  if (mapping.kind === 'contains') return sql<SqlBool>`(${mapping.sql(value)})`;
  if (value === null || value === undefined) return sql<SqlBool>`(${mapping.sql} is null)`;
  return sql<SqlBool>`(${mapping.sql} is not distinct from ${value})`;
}
