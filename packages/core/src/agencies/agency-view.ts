import type { Agency, AgencyService } from '@ponte/contracts';
import { findAgencyBySlug, listServices, type AgencyRow, type AgencyServiceRow, type ScopedTx } from '@ponte/db';
import { iso, notFound } from '../util';

export function toAgency(row: AgencyRow, services: AgencyServiceRow[]): Agency {
  return {
    id: row.id,
    slug: row.slug,
    name: { en: row.name_en, pt: row.name_pt },
    kind: row.kind,
    status: row.status,
    services: services
      .filter((s) => s.agency_id === row.id)
      .map((s): AgencyService => ({ service: s.service, province: s.province })),
    secondFactorRoles: row.second_factor_roles,
    retentionMinimumDays: row.retention_minimum_days,
    createdAt: iso(row.created_at),
  };
}

/** Agencies with their services, in the order given. */
export async function viewAgencies(tx: ScopedTx, rows: AgencyRow[]): Promise<Agency[]> {
  const services = await listServices(tx, rows.map((r) => r.id));
  return rows.map((row) => toAgency(row, services));
}

export async function requireAgency(tx: ScopedTx, slug: string): Promise<AgencyRow> {
  const row = await findAgencyBySlug(tx, slug);
  if (!row) throw notFound(`agency '${slug}'`, `Agência '${slug}' inexistente`, 'Agency.read');
  return row;
}
