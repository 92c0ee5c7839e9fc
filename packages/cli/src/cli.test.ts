import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from './cli';
import { commandName } from './command';
import type { Io } from './io';

/** The command line without a hub: what it refuses before it calls one, and its help. */
const dir = mkdtempSync(join(tmpdir(), 'ponte-cli-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ponte(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    env: { PONTE_CONFIG_DIR: dir, ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: async () => '',
    interrupted: new Promise(() => {}),
    fetch: async () => {
      throw new Error('no hub in this test');
    },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('ponte without a hub', () => {
  it.each(COMMANDS.map((c) => [commandName(c), c] as const))('%s --help: its usage and options, exit 0', async (_, command) => {
    const run = await ponte([command.group, ...(command.verb ? [command.verb] : []), '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`usage: ${commandName(command)}`);
    for (const option of Object.keys(command.options)) expect(run.stdout).toContain(`--${option}`);
  });

  it.each([
    [['referrals', 'list', '--box', 'sideways'], '--box is inbox or outbox'],
    [['referrals', 'list', '--limit', '0'], '--limit is a whole number from 1 to 200'],
    [['referrals', 'list', '--limit', '2e2'], '--limit is a whole number from 1 to 200'],
    [['referrals', 'accept'], 'needs <id>'],
    [['referrals', 'accept', 'a', 'b'], 'unexpected argument b'],
    [['referrals', 'send', '--to', 'pgr'], '--subject is required without --file'],
    [['referrals', 'send', '--file', 'r.json', '--to', 'pgr'], 'give --file or --to'],
    [['events', 'tail', '--interval', '0'], '--interval is a whole number from 1 to 60'],
    [['webhooks', 'add'], '--url is required'],
    [['webhooks', 'replay'], 'give event ids, or --dead'],
    [['subjects', 'register'], '--file is required'],
    [['subjects', 'register', '--file', join(dir, 'missing.json')], 'no such file'],
    [['login', '--hub', 'ftp://hub.example', '--client-id', 'x'], '--hub is an http(s) address'],
    [['login', '--hub', 'https://hub.example', '--client-id', 'x', '--client-secret', 's'], "Unknown option '--client-secret'"],
    [['whoami', '--lang', 'fr'], '--lang is en or pt'],
    [['whoami', '--profile', '../x'], '--profile is a name'],
    [['referrals'], 'usage: ponte referrals list'],
  ])('ponte %j: exit 2, %s', async (args, message) => {
    const run = await ponte(args);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toContain(message);
  });

  it('not signed in: exit 3, saying how to sign in', async () => {
    const run = await ponte(['referrals', 'list']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("run 'ponte login --hub <url> --client-id <id>'");
  });

  it('the overview lists every command and the exit codes', async () => {
    const run = await ponte(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(commandName(command));
    expect(run.stdout).toMatch(/exit codes:[\s\S]*4 {2}the hub could not be reached/);
    expect((await ponte([])).code).toBe(2);
  });
});
