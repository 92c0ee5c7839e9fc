import { PonteError, type Bilingual, type RuleCode } from '@ponte/contracts';
import { tag, type Action, type AppAbility, type SubjectRecords, type SubjectType } from './records';

/**
 * How the decisions of `rules.ts` are enforced by the verbs: the one rule for refusals (404 to
 * whoever may not know the record exists, 403 to whoever may) and the checks for one record, a
 * would-be record and a list. Each refusal names its rule.
 */

/**
 * Whether the principal may know this record exists: it may read it, or read of it (a privacy
 * officer knows its agency's subjects). The one rule for refusals turns on it: a record the
 * principal may not know of is `not_found`, so its existence is not disclosed; one it may know of
 * is `forbidden`.
 */
export function mayKnow<T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T]): boolean {
  const tagged = tag(type, record);
  return ability.can('read', tagged) || ability.can('know', tagged);
}

/**
 * The refusal of something the ability does not allow on a record: `not_found` unless the
 * principal may know the record exists (`mayKnow`), `forbidden` then; both name the rule.
 */
export function refusalOn<T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T], rule: RuleCode, forbidden: Bilingual): PonteError {
  if (mayKnow(ability, type, record)) return new PonteError('forbidden', forbidden, undefined, { rule });
  return new PonteError('not_found', { en: `No such ${type}`, pt: `Recurso inexistente (${type})` }, undefined, { rule });
}

/**
 * Throws unless the ability allows `action` on this record: `not_found` when the principal may not
 * know the record exists, `forbidden` when it may.
 */
export function ensureCan<T extends SubjectType>(ability: AppAbility, action: Action, type: T, record: SubjectRecords[T]): void {
  const tagged = tag(type, record);
  if (ability.can(action, tagged)) return;
  if (mayKnow(ability, type, record)) {
    throw new PonteError('forbidden', {
      en: `Your role does not allow '${action}' on this ${type}`,
      pt: `A sua função não permite '${action}' neste recurso (${type})`,
    }, undefined, { rule: `${type}.${action}` });
  }
  throw new PonteError('not_found', { en: `No such ${type}`, pt: `Recurso inexistente (${type})` }, undefined, { rule: `${type}.${action}` });
}

/** For creation, where no record exists yet: the would-be record is checked. */
export const ensureCanCreate = <T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T], rule: RuleCode = `${type}.create`) => {
  if (ability.can('create', tag(type, record))) return;
  throw new PonteError('forbidden', {
    en: `Your role does not allow creating a ${type} here`,
    pt: `A sua função não permite criar este recurso (${type}) aqui`,
  }, undefined, { rule });
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
