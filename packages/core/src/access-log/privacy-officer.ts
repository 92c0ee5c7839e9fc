import type { AccessLog } from '@ponte/audit';
import { PonteError, type RuleCode } from '@ponte/contracts';
import { tag } from '@ponte/policy';
import type { Context } from '../context';

/**
 * Whether the policy lets the principal work with its agency's access log (a privacy officer):
 * nothing if it does, else the policy's refusal, naming its rule.
 */
export function privacyOfficerRefusal(ctx: Context): PonteError | undefined {
  if (ctx.ability.can('read', tag('AccessEvent', { agencyId: ctx.principal.agencyId!, owningAgencyId: null }))) return undefined;
  return new PonteError('forbidden', { en: 'Only a privacy officer of your agency may work with its access log', pt: 'Só um/a responsável pela privacidade da sua agência pode trabalhar com o registo de acessos' }, undefined, {
    rule: 'role.not_privacy_officer',
  });
}

/**
 * Only privacy officers work with the log; anyone else is refused, and that is logged too. Asked
 * about one event (`names`), the refusal is not found: only a privacy officer may know of an event.
 */
export function ensurePrivacyOfficer(ctx: Context, log: AccessLog, action: string, names?: 'event'): void {
  const refusal = privacyOfficerRefusal(ctx);
  if (refusal) throw log.refuse({ resource: 'AccessEvent', action }, names === 'event' ? noSuchEvent('role.not_privacy_officer') : refusal);
}

export const noSuchEvent = (rule: RuleCode) =>
  new PonteError('not_found', { en: 'No such access event visible to your agency', pt: 'Não existe este evento de acesso visível para a sua agência' }, undefined, { rule });
