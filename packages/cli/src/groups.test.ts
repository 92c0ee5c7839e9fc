import { describe, expect, it } from 'vitest';
import { COMMANDS } from './cli';
import { INTEGRATOR_GROUPS, isIntegratorCommand } from './groups';

describe('the groups the operator command line hands over', () => {
  it('are exactly the groups of the commands', () => {
    expect([...INTEGRATOR_GROUPS].sort()).toEqual([...new Set(COMMANDS.map((c) => c.group))].sort());
  });
  it('leave the operator its own groups', () => {
    for (const group of ['audit', 'witness', 'keys', 'migrate', 'init', undefined]) expect(isIntegratorCommand(group)).toBe(false);
    for (const first of ['referrals', 'log', '--help']) expect(isIntegratorCommand(first)).toBe(true);
  });
});
