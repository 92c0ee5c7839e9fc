import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export interface AgenciesTable {
  id: Generated<string>;
  slug: string;
  name_en: string;
  name_pt: string;
  kind: string;
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgencyServicesTable {
  agency_id: string;
  service: string;
  province: string;
  created_at: Timestamp;
}

export interface AgreementsTable {
  agency_id: string;
  id: Generated<string>;
  recipient_agency_id: string;
  purposes: string[];
  categories: string[];
  valid_from: DateOnly;
  valid_until: DateOnly;
  document_ref: string;
  status: Generated<string>;
  terminated_at: Timestamp | null;
  termination_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  agency_id: string;
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  status: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface ApiClientsTable {
  agency_id: string;
  id: Generated<string>;
  client_id: string;
  name: string;
  secret_hash: string;
  roles: string[];
  status: Generated<string>;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface OperatorsTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  status: Generated<string>;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  private_jwk: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface Database {
  agencies: AgenciesTable;
  agency_services: AgencyServicesTable;
  agreements: AgreementsTable;
  users: UsersTable;
  api_clients: ApiClientsTable;
  operators: OperatorsTable;
  signing_keys: SigningKeysTable;
}

export type AgencyRow = Selectable<AgenciesTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiClientRow = Selectable<ApiClientsTable>;
export type OperatorRow = Selectable<OperatorsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;
export type NewAgreement = Insertable<AgreementsTable>;
