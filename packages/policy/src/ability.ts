import { AbilityBuilder, createMongoAbility, subject as asSubject, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { PonteError } from '@ponte/contracts';

export type Action = 'read' | 'create' | 'update' | 'disable' | 'revoke' | 'terminate' | 'manage';

/** The shapes CASL sees: domain records with camelCase attributes. */
export interface AgencyRecord {
  id: string;
}
export interface AgencyServicesRecord {
  agencyId: string;
}
export interface AgreementRecord {
  agencyId: string;
  recipientAgencyId: string;
}
export interface UserRecord {
  agencyId: string;
  id: string;
}
export interface ApiClientRecord {
  agencyId: string;
  id: string;
}

export type SubjectType = keyof SubjectRecords;
type TaggedRecord = { [K in SubjectType]: SubjectRecords[K] & ForcedSubject<K> }[SubjectType];
export type AppAbility = MongoAbility<[Action, SubjectType | TaggedRecord]>;

export interface Principal {
  kind: 'user' | 'client' | 'hub_operator';
  id: string;
  /** The agency the principal acts for; undefined for the hub operator. */
  agencyId?: string | undefined;
  roles: readonly string[];
}

/**
 * The ability of a principal: a pure function of who it is. Later facts (assignments,
 * consents, referrals) are added as parameters here and nowhere else.
 */
export function defineAbilityFor(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

  // The catalogue of agencies and the services they offer is open to every principal: it routes referrals.
  can('read', 'Agency');
  can('read', 'AgencyServices');

  if (principal.kind === 'hub_operator') {
    // The operator runs the network (agencies, catalogue, agreements) and is never given a rule on case data.
    can(['create', 'update'], 'Agency');
    can('update', 'AgencyServices');
    can(['create', 'read', 'terminate'], 'Agreement');
    return build();
  }

  const agencyId = principal.agencyId;
  if (!agencyId) return build();

  // An agency sees the agreements it is party to, whichever side it is on.
  can('read', 'Agreement', { agencyId });
  can('read', 'Agreement', { recipientAgencyId: agencyId });
  // Everyone may read their own account.
  if (principal.kind === 'user') can('read', 'User', { agencyId, id: principal.id });

  if (principal.roles.includes('agency_admin')) {
    can(['create', 'read', 'disable'], 'User', { agencyId });
    can(['create', 'read', 'revoke'], 'ApiClient', { agencyId });
  }
  return build();
}

export interface SubjectRecords {
  Agency: AgencyRecord;
  AgencyServices: AgencyServicesRecord;
  Agreement: AgreementRecord;
  User: UserRecord;
  ApiClient: ApiClientRecord;
}

/** The record as CASL sees it: a copy tagged with its subject type. */
export function tag<T extends SubjectType>(type: T, record: SubjectRecords[T]): TaggedRecord {
  return asSubject(type, { ...record }) as unknown as TaggedRecord;
}

/**
 * Throws unless the ability allows `action` on this record. When the principal may not even
 * read the record, the error is `not_found`, so its existence is not disclosed.
 */
export function ensureCan<T extends SubjectType>(ability: AppAbility, action: Action, type: T, record: SubjectRecords[T]): void {
  const tagged = tag(type, record);
  if (ability.can(action, tagged)) return;
  if (action !== 'read' && ability.can('read', tagged)) {
    throw new PonteError('forbidden', {
      en: `Your role does not allow '${action}' on this ${type}`,
      pt: `A sua função não permite '${action}' neste recurso (${type})`,
    }, undefined, { rule: `${type}.${action}` });
  }
  throw new PonteError('not_found', { en: `No such ${type}`, pt: `Recurso inexistente (${type})` });
}

/** For creation, where no record exists yet: the would-be record is checked. */
export const ensureCanCreate = <T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T]) => {
  if (ability.can('create', tag(type, record))) return;
  throw new PonteError('forbidden', {
    en: `Your role does not allow creating a ${type} here`,
    pt: `A sua função não permite criar este recurso (${type}) aqui`,
  }, undefined, { rule: `${type}.create` });
};

/**
 * For lists: the caller may read every record of this type in the scope (an agency's users,
 * say), checked against a record that stands for "any other" one. A refusal is `forbidden`:
 * the list exists, the caller may not read it.
 */
export function ensureCanList<T extends SubjectType>(ability: AppAbility, type: T, anyRecord: SubjectRecords[T]): void {
  if (ability.can('read', tag(type, anyRecord))) return;
  throw new PonteError('forbidden', {
    en: `Your role does not allow listing ${type} records`,
    pt: `A sua função não permite listar estes recursos (${type})`,
  }, undefined, { rule: `${type}.list` });
}
