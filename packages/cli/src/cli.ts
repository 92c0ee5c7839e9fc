import { commandName, runCommand, usageOf, type Command } from './command';
import { eventsTail } from './commands/events';
import { logCheckpoint, logVerify } from './commands/log';
import { referralsAccept, referralsDecline, referralsGet, referralsList, referralsSend, referralsWithdraw } from './commands/referrals';
import { login, logout, whoami } from './commands/session';
import { subjectsConsent, subjectsGet, subjectsList, subjectsRegister } from './commands/subjects';
import { webhooksAdd, webhooksDelete, webhooksDeliveries, webhooksList, webhooksPause, webhooksPing, webhooksReplay, webhooksResume, webhooksRotateSecret } from './commands/webhooks';
import { CliError, EXIT } from './exit';
import { languageOf, problemText, type Io } from './io';

/**
 * `ponte`, the command line for people who run an agency's integration with a Ponte hub: sign in
 * with the agency's API client, register subjects, send and accept referrals, follow the event
 * feed, manage webhook endpoints, and check the hub's access log.
 */
export const COMMANDS: Command[] = [
  login,
  logout,
  whoami,
  subjectsRegister,
  subjectsGet,
  subjectsList,
  subjectsConsent,
  referralsList,
  referralsGet,
  referralsSend,
  referralsAccept,
  referralsDecline,
  referralsWithdraw,
  eventsTail,
  webhooksAdd,
  webhooksList,
  webhooksPing,
  webhooksPause,
  webhooksResume,
  webhooksDelete,
  webhooksReplay,
  webhooksRotateSecret,
  webhooksDeliveries,
  logCheckpoint,
  logVerify,
];

export { INTEGRATOR_GROUPS, isIntegratorCommand } from './groups';

export const EXIT_CODES_TEXT = `exit codes:
  0  done
  1  the hub refused the request (its problem is printed: title, detail, each field and check),
     or what it served does not verify (log checkpoint, log verify)
  2  usage error: an unknown option, a missing or malformed argument
  3  not signed in, or the hub refused the API client's credentials or token
  4  the hub could not be reached, or stayed unavailable (5xx, 429) after retries
`;

export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => commandName(c).length + (c.positionals ? c.positionals.names.length + 1 : 0)));
  return [
    'usage: ponte <command> [options]   (ponte <command> --help for its options)',
    '',
    "The command line for people who run an agency's integration with a Ponte hub.",
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${`${commandName(c)}${c.positionals ? ` ${c.positionals.names}` : ''}`.padEnd(width)}  ${c.summary}`),
    '',
    'every command takes --json (machine output), --profile <name>, --lang <en|pt> and --help.',
    '',
    EXIT_CODES_TEXT,
  ].join('\n');
}

function groupUsage(group: string): string {
  return `${COMMANDS.filter((c) => c.group === group)
    .map((c) => usageOf(c).trimEnd())
    .join('\n')}\n`;
}

/** Runs `ponte <args>`; answers the exit code. Never throws. */
export async function runCli(args: string[], io: Io): Promise<number> {
  const lang = languageOf(args.includes('--lang') ? args[args.indexOf('--lang') + 1] : args.find((a) => a.startsWith('--lang='))?.slice(7), io.env);
  const json = args.includes('--json');
  try {
    const [group, verb, ...rest] = args;
    if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
      io.stdout(overview());
      return group === undefined ? EXIT.usage : EXIT.ok;
    }
    const inGroup = COMMANDS.filter((c) => c.group === group);
    if (inGroup.length === 0) throw new CliError(EXIT.usage, `unknown command ${group}`, undefined, overview());
    // A group of one command (login, logout, whoami) takes its options right after its name.
    const single = inGroup.length === 1 && inGroup[0]!.verb === undefined ? inGroup[0] : undefined;
    if (single) return await runCommand(single, args.slice(1), io);
    if (verb === undefined || verb === '--help' || verb === '-h') {
      io.stdout(groupUsage(group));
      return verb === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = inGroup.find((c) => c.verb === verb);
    if (!command) throw new CliError(EXIT.usage, `unknown command ${group} ${verb}`, undefined, groupUsage(group));
    return await runCommand(command, rest, io);
  } catch (error) {
    if (!(error instanceof CliError)) {
      io.stderr(`ponte: ${(error as Error).message}\n`);
      return EXIT.refused;
    }
    if (json && error.problem) io.stdout(`${JSON.stringify({ error: error.message, exitCode: error.exitCode, problem: error.problem }, null, 2)}\n`);
    else if (json) io.stdout(`${JSON.stringify({ error: error.message, exitCode: error.exitCode }, null, 2)}\n`);
    if (error.problem) io.stderr(`ponte: ${problemText(error.problem, lang)}`);
    else io.stderr(`ponte: ${error.message}\n`);
    if (error.usage) io.stderr(error.usage);
    return error.exitCode;
  }
}
