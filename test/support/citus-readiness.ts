import { DISTRIBUTION_COLUMN, type Placement } from '@ponte/db/distribution';
import { sql, type Kysely } from 'kysely';

/**
 * What would stop a schema from being distributed on Citus as a placement list says, read from
 * PostgreSQL's own catalogue (not from the migrations' text), one line a violation:
 *
 * - a table the list does not name, or a name the list has and the schema not;
 * - a distributed table without the distribution column;
 * - a primary key, unique or exclusion constraint or unique index of a distributed table whose key
 *   columns do not include the distribution column (Citus enforces uniqueness within a shard only);
 * - a foreign key Citus refuses: from a distributed table, one to a table kept on the coordinator,
 *   or to another distributed table not matching the distribution column on both sides (not
 *   co-located); from a reference or coordinator table, one to a distributed table; from a
 *   reference table, one to a coordinator table.
 *
 * Partitions are their parent's: only tables that are not a partition are read.
 */
export async function citusViolations(db: Kysely<any>, placements: Readonly<Record<string, { placement: Placement }>>, schema = 'public'): Promise<string[]> {
  const placementOf = (table: string): Placement | undefined => placements[table]?.placement;
  const violations: string[] = [];

  const { rows: tables } = await sql<{ table: string; has_column: boolean }>`
    select c.relname as table,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = ${DISTRIBUTION_COLUMN} and a.attnum > 0 and not a.attisdropped) as has_column
    from pg_class c
    where c.relnamespace = ${schema}::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db);
  const present = new Set(tables.map((t) => t.table));
  for (const { table, has_column } of tables) {
    const placement = placementOf(table);
    if (!placement) violations.push(`${table}: not classified (distributed, reference or coordinator) in packages/db/src/distribution.ts`);
    if (placement === 'distributed' && !has_column) violations.push(`${table}: distributed, but has no ${DISTRIBUTION_COLUMN} column`);
  }
  for (const table of Object.keys(placements)) if (!present.has(table)) violations.push(`${table}: classified, but no such table in the schema`);

  // Unique indexes (primary keys and unique constraints have one each) and exclusion constraints, by their key columns.
  const { rows: keys } = await sql<{ table: string; name: string; kind: string; columns: string; has_column: boolean }>`
    select c.relname as table, i.relname as name,
           case when x.indisprimary then 'primary key' when con.contype = 'u' then 'unique constraint'
                when con.contype = 'x' then 'exclusion constraint' else 'unique index' end as kind,
           pg_get_indexdef(x.indexrelid) as columns,
           exists (select 1 from unnest((x.indkey::int2[])[0:x.indnkeyatts - 1]) k (attnum)
                   join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                   where a.attname = ${DISTRIBUTION_COLUMN}) as has_column
    from pg_index x
    join pg_class c on c.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = c.oid
    where c.relnamespace = ${schema}::regnamespace and not c.relispartition and (x.indisunique or con.contype = 'x')
    order by c.relname, i.relname`.execute(db);
  for (const key of keys) {
    if (placementOf(key.table) === 'distributed' && !key.has_column) {
      violations.push(`${key.table}: ${key.kind} ${key.name} ${keyColumns(key.columns)} does not include ${DISTRIBUTION_COLUMN}`);
    }
  }

  const { rows: foreignKeys } = await sql<{ table: string; name: string; referenced: string; definition: string; colocated: boolean }>`
    select c.relname as table, con.conname as name, r.relname as referenced, pg_get_constraintdef(con.oid) as definition,
           exists (select 1 from unnest(con.conkey, con.confkey) as k (from_attnum, to_attnum)
                   join pg_attribute fa on fa.attrelid = con.conrelid and fa.attnum = k.from_attnum
                   join pg_attribute ta on ta.attrelid = con.confrelid and ta.attnum = k.to_attnum
                   where fa.attname = ${DISTRIBUTION_COLUMN} and ta.attname = ${DISTRIBUTION_COLUMN}) as colocated
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class r on r.oid = con.confrelid
    where con.contype = 'f' and c.relnamespace = ${schema}::regnamespace and not c.relispartition
      and con.conparentid = 0
    order by c.relname, con.conname`.execute(db);
  for (const fk of foreignKeys) {
    const from = placementOf(fk.table);
    const to = placementOf(fk.referenced);
    if (!from || !to) continue; // reported above as unclassified
    const refused = foreignKeyRefusal(from, to, fk.colocated);
    if (refused) violations.push(`${fk.table}: foreign key ${fk.name} ${fk.definition} ${refused}`);
  }
  return violations;
}

/** Why Citus would refuse a foreign key from a table placed `from` to one placed `to`, if it would. */
function foreignKeyRefusal(from: Placement, to: Placement, colocated: boolean): string | undefined {
  if (from === 'distributed' && to === 'distributed' && !colocated) return `is not co-located: both sides must match on ${DISTRIBUTION_COLUMN}`;
  if (from === 'distributed' && to === 'coordinator') return 'points from a distributed table to a coordinator table';
  if (from !== 'distributed' && to === 'distributed') return `points from a ${from} table to a distributed table`;
  if (from === 'reference' && to === 'coordinator') return 'points from a reference table to a coordinator table';
  return undefined;
}

/** `(a, b)` from an index definition, with its predicate if it is partial. */
function keyColumns(definition: string): string {
  return definition.replace(/^.* USING \w+ /, '');
}

/**
 * The tables a Citus DDL file distributes and makes reference tables, in the order it does so:
 * `create_distributed_table('t', 'column', ...)` and `create_reference_table('t')` calls.
 */
export function tablesInDistributionDdl(ddl: string): { distributed: Array<{ table: string; column: string }>; reference: string[]; order: string[] } {
  const code = ddl.replace(/--.*$/gm, '');
  const distributed: Array<{ table: string; column: string }> = [];
  const reference: string[] = [];
  const order: string[] = [];
  for (const call of code.matchAll(/create_(distributed|reference)_table\(\s*'([^']+)'(?:\s*,\s*'([^']+)')?/g)) {
    const [, kind, table, column] = call;
    order.push(table!);
    if (kind === 'reference') reference.push(table!);
    else distributed.push({ table: table!, column: column ?? '' });
  }
  return { distributed, reference, order };
}
