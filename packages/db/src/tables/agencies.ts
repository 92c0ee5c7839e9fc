import { sql, type Compilable, type Expression } from 'kysely';
import type { ScopedTx } from '../scope';
import type { Agency, AgencyKind, ProvinceCode, ServiceCode, UserRole } from '@ponte/contracts';
import type { AgencyRow } from '../schema';

export interface AgencyServiceRow {
  agency_id: string;
  service: ServiceCode;
  province: ProvinceCode;
}

export function insertAgency(
  tx: ScopedTx,
  agency: { id?: string; slug: string; name_en: string; name_pt: string; kind: AgencyKind; second_factor_roles?: UserRole[]; retention_minimum_days?: number },
): Promise<AgencyRow> {
  return tx.insertInto('agencies').values(agency).returningAll().executeTakeFirstOrThrow();
}

export function findAgencyBySlug(tx: ScopedTx, slug: string): Promise<AgencyRow | undefined> {
  return agencyBySlugQuery(tx, slug).executeTakeFirst();
}

/** The statement behind {@link findAgencyBySlug}. */
export function agencyBySlugQuery(tx: ScopedTx, slug: string) {
  return tx.selectFrom('agencies').selectAll().where('slug', '=', slug);
}

/** The id of the agency with this slug, as an expression for another statement of the same list. */
export function agencyIdBySlug(tx: ScopedTx, slug: string): Expression<string> {
  return tx.selectFrom('agencies').select('id').where('slug', '=', slug) as unknown as Expression<string>;
}

export function findAgenciesBySlugs(tx: ScopedTx, slugs: string[]): Promise<AgencyRow[]> {
  if (slugs.length === 0) return Promise.resolve([]);
  return tx.selectFrom('agencies').selectAll().where('slug', 'in', slugs).execute();
}

export function findAgenciesByIds(tx: ScopedTx, ids: string[]): Promise<AgencyRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return agenciesByIdsQuery(tx, ids).execute();
}

/** The statement behind {@link findAgenciesByIds} (at least one id). */
export function agenciesByIdsQuery(tx: ScopedTx, ids: string[]) {
  return tx.selectFrom('agencies').selectAll().where('id', 'in', ids);
}

/** Agencies ordered by slug, after `afterSlug` when given. */
export function listAgencies(tx: ScopedTx, page: { limit: number; afterSlug?: string | undefined }): Promise<AgencyRow[]> {
  let query = tx.selectFrom('agencies').selectAll().orderBy('slug').limit(page.limit);
  if (page.afterSlug) query = query.where('slug', '>', page.afterSlug);
  return query.execute();
}

export function updateAgency(
  tx: ScopedTx,
  id: string,
  changes: Partial<{ name_en: string; name_pt: string; status: Agency['status']; second_factor_roles: UserRole[]; retention_minimum_days: number }>,
): Promise<AgencyRow | undefined> {
  return tx
    .updateTable('agencies')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function countAgencies(tx: ScopedTx): Promise<number> {
  return tx
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function listServices(tx: ScopedTx, agencyIds: string[]): Promise<AgencyServiceRow[]> {
  if (agencyIds.length === 0) return Promise.resolve([]);
  return servicesQuery(tx, agencyIds).execute();
}

/** The statement behind {@link listServices}: of these agencies (at least one), or of the one an expression names. */
export function servicesQuery(tx: ScopedTx, agencies: string[] | Expression<string>) {
  const query = tx.selectFrom('agency_services').select(['agency_id', 'service', 'province']);
  return (Array.isArray(agencies) ? query.where('agency_id', 'in', agencies) : query.where('agency_id', '=', agencies)).orderBy('agency_id').orderBy('service').orderBy('province');
}

export async function replaceServices(
  tx: ScopedTx,
  agencyId: string,
  services: Array<{ service: ServiceCode; province: ProvinceCode }>,
): Promise<void> {
  await tx.deleteFrom('agency_services').where('agency_id', '=', agencyId).execute();
  if (services.length > 0)
    await tx
      .insertInto('agency_services')
      .values(services.map((s) => ({ agency_id: agencyId, service: s.service, province: s.province })))
      .execute();
}

/** Active agencies that offer `service` in `province`. */
export function findProviders(tx: ScopedTx, service: ServiceCode, province: ProvinceCode): Promise<AgencyRow[]> {
  return tx
    .selectFrom('agencies')
    .selectAll('agencies')
    .innerJoin('agency_services', 'agency_services.agency_id', 'agencies.id')
    .where('agency_services.service', '=', service)
    .where('agency_services.province', '=', province)
    .where('agencies.status', '=', 'active')
    .orderBy('agencies.slug')
    .execute();
}

/** An account as authentication needs it: its own state and its agency's, read in one statement. */
export interface AccountInAgency {
  agency_id: string;
  agency_slug: string;
  agency_name_en: string;
  agency_name_pt: string;
  agency_status: string;
  id: string;
  status: string;
  roles: string[];
  display_name: string;
  team: string | null;
}

/**
 * A user or an API client of an agency, with the agency's slug, names and status, in one
 * statement: what every authenticated request checks, as the authenticator.
 */
export function accountInAgencyQuery(tx: ScopedTx, kind: 'user' | 'client', agencyId: string, id: string): Compilable<AccountInAgency> {
  const agency = ['agencies.id as agency_id', 'agencies.slug as agency_slug', 'agencies.name_en as agency_name_en', 'agencies.name_pt as agency_name_pt', 'agencies.status as agency_status'] as const;
  if (kind === 'user')
    return tx
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select([...agency, 'users.id', 'users.status', 'users.roles', 'users.display_name', 'users.team'])
      .where('agencies.id', '=', agencyId)
      .where('users.id', '=', id);
  return tx
    .selectFrom('api_clients')
    .innerJoin('agencies', 'agencies.id', 'api_clients.agency_id')
    .select([...agency, 'api_clients.id', 'api_clients.status', 'api_clients.roles', 'api_clients.name as display_name', sql<null>`null`.as('team')])
    .where('agencies.id', '=', agencyId)
    .where('api_clients.id', '=', id);
}
