import { parseArgs } from 'node:util';
import { DEFAULT_PROFILE, loadProfile, tokenCache, type Profile } from './credentials';
import { usageError } from './exit';
import { connectHub, type Hub } from './hub';
import { languageOf, type Io, type Lang } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Shown in the help: `<value>` names what a string option takes. */
  value?: string;
  description: string;
}

/** One command (`ponte <group> <verb>`): its options, its help, and what it does. */
export interface Command {
  group: string;
  verb?: string;
  summary: string;
  /** The positional arguments, as the help shows them (`<id>`), with how many there may be. */
  positionals?: { names: string; min: number; max: number };
  options: Record<string, OptionSpec>;
  /** More lines for `--help`. */
  notes?: string;
  run(ctx: CommandContext): Promise<number | void>;
}

export interface CommandContext {
  io: Io;
  lang: Lang;
  json: boolean;
  profileName: string;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The signed-in profile (exit 3 when there is none). */
  profile(): Promise<Profile>;
  /** The hub, signed in as the profile's API client. */
  hub(): Promise<Hub>;
  /** Prints a result: `json` with `--json`, else the human text. */
  print(human: () => string, json: unknown): void;
  usage: string;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'machine output: one JSON document (NDJSON for events tail)' },
  profile: { type: 'string', value: '<name>', description: `which saved sign-in to use (default: ${DEFAULT_PROFILE})` },
  lang: { type: 'string', value: '<en|pt>', description: 'language of messages and of the hub’s problems (default: from LANG)' },
  help: { type: 'boolean', short: 'h', description: 'this help' },
};

export const commandName = (command: Command) => `ponte ${command.group}${command.verb ? ` ${command.verb}` : ''}`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => [`${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`, `${spec.description}${spec.multiple ? ' (repeatable)' : ''}`] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

export function usageOf(command: Command): string {
  const own = Object.entries(command.options)
    .map(([name, spec]) => `[--${name}${spec.value ? ` ${spec.value}` : ''}]`)
    .join(' ');
  return `usage: ${commandName(command)}${command.positionals ? ` ${command.positionals.names}` : ''}${own ? ` ${own}` : ''} [--json] [--profile <name>]\n`;
}

export function helpOf(command: Command): string {
  return [usageOf(command), command.summary, ...(command.notes ? ['', command.notes] : []), '', 'options:', ...optionLines(command.options), ...optionLines(GLOBAL_OPTIONS), ''].join('\n');
}

/** Parses the arguments strictly (an unknown option or a missing value is a usage error, exit 2) and runs the command. */
export async function runCommand(command: Command, args: string[], io: Io): Promise<number> {
  const usage = usageOf(command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...command.options } as never, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError((error as Error).message, usage);
  }
  const values = parsed.values as CommandContext['values'];
  if (values.help) {
    io.stdout(helpOf(command));
    return 0;
  }
  const lang = typeof values.lang === 'string' ? (values.lang === 'pt' || values.lang === 'en' ? values.lang : (() => { throw usageError('--lang is en or pt', usage); })()) : languageOf(undefined, io.env);
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min) throw usageError(`${commandName(command)} needs ${command.positionals!.names}`, usage);
  if (parsed.positionals.length > max) throw usageError(`unexpected argument ${parsed.positionals[max]}`, usage);
  const profileName = typeof values.profile === 'string' ? values.profile : DEFAULT_PROFILE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(profileName)) throw usageError('--profile is a name of letters, digits, dots, dashes and underscores', usage);
  const json = values.json === true;
  let hub: Promise<Hub> | undefined;
  const ctx: CommandContext = {
    io,
    lang,
    json,
    profileName,
    values,
    positionals: parsed.positionals,
    usage,
    profile: () => loadProfile(io.env, profileName),
    hub: () => (hub ??= loadProfile(io.env, profileName).then((profile) => connectHub(profile, io, lang, tokenCache(io.env, profileName, profile)))),
    print: (human, data) => io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : human()),
  };
  return (await command.run(ctx)) ?? 0;
}

/** A whole number option within bounds; a usage error otherwise. */
export function intOption(ctx: CommandContext, name: string, min: number, max: number): number | undefined {
  const value = ctx.values[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw usageError(`--${name} is a whole number from ${min} to ${max}`, ctx.usage);
  return n;
}

export const stringOption = (ctx: CommandContext, name: string): string | undefined => (typeof ctx.values[name] === 'string' ? (ctx.values[name] as string) : undefined);

/** A JSON document from `--file <path>`, or from standard input with `--file -`. */
export async function jsonInput(ctx: CommandContext, read: (path: string) => Promise<string>): Promise<unknown> {
  const file = stringOption(ctx, 'file');
  if (file === undefined) throw usageError('--file is required (a JSON file, or - for standard input)', ctx.usage);
  let text: string;
  try {
    text = file === '-' ? await ctx.io.stdin() : await read(file);
  } catch (error) {
    throw usageError(`${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, ctx.usage);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(`${file === '-' ? 'standard input' : file} is not JSON`, ctx.usage);
  }
}
