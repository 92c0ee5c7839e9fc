import { fieldError, PonteError, type ReplaceRetentionSchedule, type RetentionSchedule } from '@ponte/contracts';
import { findAgenciesByIds, findRetentionSchedule, writeRetentionSchedule } from '@ponte/db';
import { ensureCan, ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { toRetentionSchedule } from './retention-view';

/**
 * The agency's privacy officer replaces its retention schedule whole (the administrator reads it:
 * 403 `Retention.update`; anyone else: 403 `Retention.list`). Every period must be at least the
 * agency's legal minimum: a shorter one is refused (422 `check_failed`, rule
 * `retention.below_legal_minimum`, naming each rule's `periodDays` with the check
 * `legal_minimum`) and nothing is written. With `expectedVersion` (`If-Match`), only the version
 * the caller read is replaced (412 otherwise); a schedule never set is version 0.
 */
export async function replaceRetentionSchedule({
  ctx,
  input,
}: {
  ctx: Context;
  input: { schedule: ReplaceRetentionSchedule; expectedVersion?: number | undefined };
}): Promise<RetentionSchedule> {
  return inPrincipalScope(ctx, async (tx) => {
    const agencyId = ctx.principal.agencyId;
    ensureCanList(ctx.ability, 'Retention', { agencyId: agencyId ?? '' });
    ensureCan(ctx.ability, 'update', 'Retention', { agencyId: agencyId! });
    const [agency] = await findAgenciesByIds(tx, [agencyId!]);
    const minimum = agency!.retention_minimum_days;
    const below = input.schedule.rules.flatMap((rule, i) =>
      rule.periodDays < minimum
        ? [fieldError('body', ['rules', i, 'periodDays'], 'legal_minimum', { en: `at least ${minimum} days, the agency’s legal minimum`, pt: `pelo menos ${minimum} dias, o mínimo legal da agência` })]
        : [],
    );
    if (below.length > 0)
      throw new PonteError(
        'check_failed',
        { en: `A retention period is below the agency’s legal minimum of ${minimum} days`, pt: `Um prazo de conservação está abaixo do mínimo legal da agência, ${minimum} dias` },
        below,
        { rule: 'retention.below_legal_minimum' },
      );
    const current = await findRetentionSchedule(tx, agencyId!);
    const row = await writeRetentionSchedule(tx, {
      agencyId: agencyId!,
      rules: input.schedule.rules,
      by: ctx.principal.id,
      at: ctx.now(),
      expectedVersion: input.expectedVersion,
      currentVersion: current?.version ?? 0,
    });
    if (!row)
      throw new PonteError(
        input.expectedVersion === undefined ? 'conflict' : 'precondition_failed',
        { en: 'The retention schedule changed since you read it; read it again', pt: 'O prazo de conservação foi alterado desde a sua leitura; leia-o novamente' },
        undefined,
        { currentVersion: current?.version ?? 0 },
      );
    return toRetentionSchedule(row, minimum);
  });
}
