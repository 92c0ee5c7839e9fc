import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './exit';
import type { Io } from './io';

/**
 * Where `ponte login` keeps what it signs in with, as other command lines keep their credential
 * files: one JSON file, `credentials.json`, readable by its owner only, in `$PONTE_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/ponte`, else `~/.config/ponte`. A file others can read is refused, not used.
 */
export interface Profile {
  hub: string;
  clientId: string;
  clientSecret: string;
  /** The hub's checkpoint verifier key, pinned when first seen (or given with `--hub-key`). */
  hubKey?: string;
}

interface CredentialsFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

export function configDir(env: Io['env']): string {
  if (env.PONTE_CONFIG_DIR) return env.PONTE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'ponte');
  return join(env.HOME || homedir(), '.config', 'ponte');
}

export const credentialsPath = (env: Io['env']) => join(configDir(env), 'credentials.json');

async function readFileOf(env: Io['env']): Promise<CredentialsFile | undefined> {
  const path = credentialsPath(env);
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0)
    throw new CliError(EXIT.auth, `${path} can be read by others (mode ${(mode & 0o777).toString(8)}): it holds a client secret, so it is not used. Run 'chmod 600 ${path}', or 'ponte logout' and log in again.`);
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as CredentialsFile;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.profiles !== 'object') throw new Error('no profiles');
    return parsed;
  } catch {
    throw new CliError(EXIT.auth, `${path} is not a credentials file of ponte: run 'ponte logout' and log in again`);
  }
}

/** The profile's credentials; exit 3 when there are none. */
export async function loadProfile(env: Io['env'], name: string): Promise<Profile> {
  const profile = (await readFileOf(env))?.profiles[name];
  if (!profile) throw new CliError(EXIT.auth, `not signed in${name === DEFAULT_PROFILE ? '' : ` with profile ${name}`}: run 'ponte login --hub <url> --client-id <id>${name === DEFAULT_PROFILE ? '' : ` --profile ${name}`}'`);
  return profile;
}

/** Writes the file whole: a new file with mode 0600 in a folder of mode 0700, renamed over the old one. */
async function writeFileOf(env: Io['env'], file: CredentialsFile): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(env);
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w', 0o600);
  try {
    // The mode given to open is cut by the umask, never widened; a file left from before keeps its own.
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, path);
  await chmod(path, 0o600);
}

export async function saveProfile(env: Io['env'], name: string, profile: Profile): Promise<string> {
  const file = (await readFileOf(env).catch(() => undefined)) ?? { profiles: {} };
  file.profiles[name] = profile;
  await writeFileOf(env, file);
  return credentialsPath(env);
}

/** Removes the profile; the file goes with its last profile. Answers whether there was one. */
export async function removeProfile(env: Io['env'], name: string): Promise<boolean> {
  const path = credentialsPath(env);
  await unlink(tokenPath(env, name)).catch(() => undefined);
  let file: CredentialsFile | undefined;
  try {
    file = await readFileOf(env);
  } catch {
    // A file not to be trusted is removed whole.
    await unlink(path);
    return true;
  }
  if (!file?.profiles[name]) return false;
  delete file.profiles[name];
  if (Object.keys(file.profiles).length === 0) await unlink(path);
  else await writeFileOf(env, file);
  return true;
}

/** Where a profile's access token is kept between commands: it saves the hub a slow secret check per command. */
export const tokenPath = (env: Io['env'], profile: string) => join(configDir(env), `token-${profile}.json`);

export interface TokenCache {
  load(): Promise<string | undefined>;
  save(token: string): Promise<void>;
  clear(): Promise<void>;
}

/** Seconds since the epoch when a JWT expires, if the token is one that says so. */
function expiryOf(token: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The profile's access token, kept (mode 600, as the credentials are) until a minute before it
 * expires, for the hub and client it was issued to. A token file others can read is not used.
 */
export function tokenCache(env: Io['env'], profile: string, owner: { hub: string; clientId: string }): TokenCache {
  const path = tokenPath(env, profile);
  return {
    async load() {
      try {
        if (((await stat(path)).mode & 0o077) !== 0) return undefined;
        const kept = JSON.parse(await readFile(path, 'utf8')) as { hub?: string; clientId?: string; token?: string };
        if (kept.hub !== owner.hub || kept.clientId !== owner.clientId || typeof kept.token !== 'string') return undefined;
        const expires = expiryOf(kept.token);
        return expires !== undefined && expires * 1000 - 60_000 > Date.now() ? kept.token : undefined;
      } catch {
        return undefined;
      }
    },
    async save(token) {
      if (expiryOf(token) === undefined) return;
      await mkdir(configDir(env), { recursive: true, mode: 0o700 });
      const partial = `${path}.partial`;
      const handle = await open(partial, 'w', 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile(JSON.stringify({ hub: owner.hub, clientId: owner.clientId, token }));
      } finally {
        await handle.close();
      }
      await rename(partial, path);
    },
    async clear() {
      await unlink(path).catch(() => undefined);
    },
  };
}
