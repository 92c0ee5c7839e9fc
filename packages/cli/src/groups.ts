/**
 * The command groups of the integrator's command line, in a module of their own with no imports:
 * the operator's command line (services/hub/src/cli.ts) reads it to hand these over, loading the
 * rest of this package only then.
 */
export const INTEGRATOR_GROUPS = ['login', 'logout', 'whoami', 'subjects', 'referrals', 'events', 'webhooks', 'log'] as const;

/** The arguments that ask for the overview of every command. */
export const HELP_ARGUMENTS = ['--help', '-h', 'help'] as const;

/** Whether `ponte <first> ...` is the integrator's command line's to answer. */
export const isIntegratorCommand = (first: string | undefined): boolean => first !== undefined && ([...INTEGRATOR_GROUPS, ...HELP_ARGUMENTS] as readonly string[]).includes(first);
