import { randomUUID } from 'node:crypto';
import { hashSecret } from '@ponte/auth';
import {
  countAgencies,
  insertAgency,
  insertAgreement,
  insertApiClient,
  insertOperator,
  insertUser,
  lockSigningKeys,
  replaceServices,
  withoutTenant,
  withTenant,
  type Database,
} from '@ponte/db';
import type { Kysely } from 'kysely';
import { DEMO_AGENCIES, DEMO_AGREEMENTS, DEMO_OPERATOR, DEMO_USERS, demoClientId, demoClientSecret } from './network';

export interface DemoSeedResult {
  seeded: boolean;
  agencies: number;
  users: number;
  apiClients: number;
  agreements: number;
}

/**
 * Seeds the demo network into an empty database: agencies and their services, one user of
 * every role per agency, an API client per agency, a hub operator and the agreements. Does
 * nothing when any agency exists. Every account's password is `demoPassword`.
 */
export async function seedDemoNetwork({ db, demoPassword }: { db: Kysely<Database>; demoPassword: string }): Promise<DemoSeedResult> {
  const passwordHash = await hashSecret(demoPassword);
  const clientHashes = await Promise.all(DEMO_AGENCIES.map((a) => hashSecret(demoClientSecret(a.slug, demoPassword))));
  return withoutTenant(db, 'system', async (tx) => {
    // One process seeds; the others wait and then find agencies.
    await lockSigningKeys(tx);
    const empty = (await countAgencies(tx)) === 0;
    const result: DemoSeedResult = { seeded: false, agencies: 0, users: 0, apiClients: 0, agreements: 0 };
    if (!empty) return result;
    await insertOperator(tx, { username: DEMO_OPERATOR.username, display_name: DEMO_OPERATOR.displayName, password_hash: passwordHash, demo_password: true });
    return { ...result, seeded: true };
  }).then(async (result) => {
    if (!result.seeded) return result;
    const ids = new Map<string, string>();
    for (const [index, agency] of DEMO_AGENCIES.entries()) {
      const id = randomUUID();
      ids.set(agency.slug, id);
      await withTenant(
        db,
        id,
        async (tx) => {
          await insertAgency(tx, { id, slug: agency.slug, name_en: agency.name.en, name_pt: agency.name.pt, kind: agency.kind, retention_minimum_days: agency.retentionMinimumDays ?? 0 });
          await replaceServices(tx, id, agency.services.flatMap((s) => s.provinces.map((province) => ({ service: s.service, province }))));
          for (const user of DEMO_USERS)
            await insertUser(tx, { agency_id: id, username: user.username, display_name: user.displayName, password_hash: passwordHash, roles: user.roles, team: user.team ?? null, demo_password: true });
          await insertApiClient(tx, {
            agency_id: id,
            client_id: demoClientId(agency.slug),
            name: `${agency.slug.toUpperCase()} case management system`,
            secret_hash: clientHashes[index]!,
            roles: ['caseworker', 'intake_focal_point'],
          });
        },
        'system',
      );
    }
    await withoutTenant(db, 'system', async (tx) => {
      for (const a of DEMO_AGREEMENTS)
        await insertAgreement(tx, {
          agency_id: ids.get(a.from)!,
          recipient_agency_id: ids.get(a.to)!,
          purposes: a.purposes,
          categories: a.categories,
          valid_from: a.validFrom,
          valid_until: a.validUntil,
          document_ref: a.documentRef,
        });
    });
    return {
      seeded: true,
      agencies: DEMO_AGENCIES.length,
      users: DEMO_AGENCIES.length * DEMO_USERS.length + 1,
      apiClients: DEMO_AGENCIES.length,
      agreements: DEMO_AGREEMENTS.length,
    };
  });
}
