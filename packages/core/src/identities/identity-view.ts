import type { ApiClient, User } from '@ponte/contracts';
import type { ApiClientAccount, UserAccount } from '@ponte/db';
import { iso, isoOrNull } from '../util';

export function toUser(row: UserAccount, agencySlug: string): User {
  return {
    id: row.id,
    agency: agencySlug,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    status: row.status,
    secondFactor: row.totp_enabled_at !== null,
    createdAt: iso(row.created_at),
    disabledAt: isoOrNull(row.disabled_at),
  };
}

export function toApiClient(row: ApiClientAccount, agencySlug: string): ApiClient {
  return {
    id: row.id,
    agency: agencySlug,
    clientId: row.client_id,
    name: row.name,
    roles: row.roles,
    status: row.status,
    createdAt: iso(row.created_at),
    revokedAt: isoOrNull(row.revoked_at),
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
  };
}
