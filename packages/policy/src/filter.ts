import { rulesToAST } from '@casl/ability/extra';
import type { Condition } from '@ponte/contracts';
import type { Action, AppAbility, SubjectType } from './records';

/**
 * The rules for `action` on `type` as a condition tree, for lists to push into SQL. `null`
 * when no rule grants anything. The tree carries only conditions, never field restrictions:
 * a record in the list still has its fields filtered one by one.
 */
export function rulesFilter(ability: AppAbility, action: Action, type: SubjectType) {
  return rulesToAST(ability, action, type) as unknown as Condition | null;
}
