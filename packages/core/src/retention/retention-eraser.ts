import type { TokenService } from '@ponte/auth';
import { defineAbilityFor, type Principal } from '@ponte/policy';
import type { Logger } from 'pino';
import type { Context, HubSettings } from '../context';
import { eraseSubject } from '../subjects/erase-subject';
import type { RetentionEraser } from './run-retention';

/**
 * How the retention job erases: through `eraseSubject` (reason `retention`, mode the rule's action),
 * as the agency's own system actor, whose id is the run's: the access log keeps the erasure under
 * `actor_kind = 'system'` and the run's id, and the policy lets that actor erase the agency's
 * subjects and nothing else (rule `retention.due`). A legal hold, an erased subject or a change at
 * that moment is refused by `eraseSubject` as for anyone, and nothing changes.
 */
export function retentionEraser({ tokens, logger, settings }: { tokens: TokenService; logger: Logger; settings: HubSettings }): RetentionEraser {
  return async ({ db, agencyId, subjectId, action, runId, now }) => {
    const principal: Principal = { kind: 'system', id: runId, agencyId, roles: [] };
    const ctx: Context = {
      db,
      principal: { ...principal, team: null, agencySlug: null },
      tokens,
      settings,
      ability: defineAbilityFor(principal),
      logger: logger.child({ component: 'retention', runId }),
      requestId: `retention-${runId}`,
      now: () => now,
    };
    await eraseSubject({ ctx, input: { subjectId, reason: 'retention', mode: action } });
  };
}
