/**
 * The exit codes of `ponte`, one per kind of failure a script tells apart:
 * 0 done; 1 the hub refused the request (its problem is printed); 2 the command was used wrongly
 * (usage printed); 3 not signed in, or the hub refused the credentials; 4 the hub could not be
 * reached, or stayed unavailable after the retries.
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, auth: 3, unavailable: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An RFC 9457 problem document as the hub answers it (only the members the command line prints). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  rule?: string;
  requestId?: string;
  errors?: Array<{ in?: string; field?: string; check?: string; message?: string | { en?: string; pt?: string } }>;
}

/** A failure that ends the command with its exit code; `problem` when the hub said why. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly problem?: Problem,
    /** The usage text to print after the message (usage errors). */
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, usage?: string) => new CliError(EXIT.usage, message, undefined, usage);
