/**
 * Putting a hub into service, as jobs of their own with the schema owner's credentials
 * (`DATABASE_URL` names the owner here, never in the hub's environment):
 * - `ponte migrate` brings the schema up to date;
 * - `ponte init [--username <name>] [--display-name <name>] [--code-file <file>]` migrates an empty
 *   database and makes its first hub operator, pending, with a one-time code (printed, or read from
 *   the file or `PONTE_INIT_CODE`) with which the operator sets a password (`POST /account/activate`
 *   or the console's activation page). Nothing else: agencies and their administrators come next,
 *   through the API or the console. On a database that has operators or agencies it refuses and
 *   changes nothing.
 */
import { readFileSync } from 'node:fs';
import { initializeHub, NotAnEmptyHub, ONE_TIME_CODE_HOURS } from '@ponte/core';
import { migrateToLatest, openStorage } from '@ponte/db';
import { publicUrlOf, readEnv } from './env';

export const SETUP_USAGE = `       ponte migrate
       ponte init [--username <name>] [--display-name <name>] [--code-file <file>]
`;

const FLAGS = ['--username', '--display-name', '--code-file'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Runs `ponte migrate` or `ponte init`; the exit code: 0 done, 2 a mistake in the command, 3 refused. */
export async function runSetupCommand(command: 'migrate' | 'init', args: string[]): Promise<number> {
  const flag = (name: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? '') : undefined);
  const unknown = args.filter((arg, i) => arg.startsWith('--') ? !FLAGS.includes(arg) : !FLAGS.includes(args[i - 1] ?? ''));
  if (command === 'migrate' && args.length > 0) return mistake(`ponte migrate takes no options (${args[0]})`);
  if (unknown.length > 0) return mistake(`unknown option ${unknown[0]}`);
  const username = flag('--username') ?? 'operator';
  if (!USERNAME.test(username)) return mistake('--username: 3 to 64 characters, lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit');
  const displayName = flag('--display-name') ?? 'Hub operator';
  if (displayName.trim().length === 0 || displayName.length > 200) return mistake('--display-name: 1 to 200 characters');
  const codeFile = flag('--code-file');
  const code = codeFile !== undefined ? readCode(codeFile) : process.env.PONTE_INIT_CODE;
  if (code !== undefined && (code.length < 16 || code.length > 64)) return mistake('the one-time code given must be 16 to 64 characters');

  const env = readEnv();
  const storage = await openStorage({ databaseUrl: env.DATABASE_URL, dataDir: env.PONTE_DATA_DIR, poolSize: 1, migrate: false });
  try {
    const applied = await migrateToLatest(storage.db);
    process.stderr.write(applied.length ? `migrated: ${applied.join(', ')}\n` : 'the schema is up to date\n');
    if (command === 'migrate') return 0;
    const made = await initializeHub(storage.db, { username, displayName, oneTimeCode: code });
    process.stderr.write(`the hub's first operator, '${username}', waits for a password; the one-time code expires in ${ONE_TIME_CODE_HOURS} hours\n`);
    process.stderr.write(`set it at ${publicUrlOf(env)}/console/activate (or POST /account/activate) with the code${code === undefined ? ' below' : ' given'}\n`);
    if (code === undefined) process.stdout.write(`${made.oneTimeCode}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NotAnEmptyHub) {
      process.stderr.write(`ponte init refused: ${error.message}\n`);
      return 3;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

function readCode(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    process.stderr.write(`--code-file ${file}: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

function mistake(message: string): number {
  process.stderr.write(`${message}\nusage: ${SETUP_USAGE.trimStart()}`);
  return 2;
}
