import { open, readFile, rename } from 'node:fs/promises';
import type { components } from '@ponte/client';
import type { Command } from '../command';
import { intOption, stringOption } from '../command';
import { CliError, EXIT } from '../exit';


/** The cursor `events tail --state` keeps between runs, in a file replaced whole. */
async function loadCursor(path: string): Promise<string | undefined> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as { cursor?: unknown };
    return typeof state.cursor === 'string' ? state.cursor : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new CliError(EXIT.usage, `${path} is not a state file of ponte events tail`);
  }
}

async function saveCursor(path: string, cursor: string): Promise<void> {
  const partial = `${path}.partial`;
  const file = await open(partial, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify({ cursor })}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
}

export const eventsTail: Command = {
  group: 'events',
  verb: 'tail',
  summary: "Your agency's events in order (GET /v1/events), from a cursor; --follow keeps polling.",
  notes: [
    'Prints every event after the cursor (each one a JSON line with --json) and stops at the last one;',
    'with --follow it then polls every --interval seconds until interrupted (Ctrl-C), and stops cleanly.',
    'With --state <file> it starts after the cursor saved there and saves the cursor after each page.',
  ].join('\n'),
  options: {
    follow: { type: 'boolean', short: 'f', description: 'keep polling for new events' },
    cursor: { type: 'string', value: '<cursor>', description: 'start after this cursor (default: the state file’s, else the beginning)' },
    limit: { type: 'string', value: '<n>', description: 'events per request (1 to 500, default 100)' },
    interval: { type: 'string', value: '<seconds>', description: 'how often --follow polls (1 to 60, default 2)' },
    state: { type: 'string', value: '<file>', description: 'keep the cursor in this file' },
  },
  async run(ctx) {
    const limit = intOption(ctx, 'limit', 1, 500) ?? 100;
    const intervalMs = (intOption(ctx, 'interval', 1, 60) ?? 2) * 1000;
    const statePath = stringOption(ctx, 'state');
    let cursor = stringOption(ctx, 'cursor') ?? (statePath ? await loadCursor(statePath) : undefined);
    const hub = await ctx.hub();
    let stopped = false;
    void ctx.io.interrupted.then(() => (stopped = true));
    while (!stopped) {
      const { data } = await hub.call(hub.api.GET('/v1/events', { params: { query: { cursor, limit } } }));
      for (const event of data.items as Array<components['schemas']['Event']>)
        ctx.io.stdout(ctx.json ? `${JSON.stringify(event)}\n` : `${event.createdAt}  ${String(event.seq).padStart(6)}  ${event.type.padEnd(20)}  ${event.referralId ?? '-'}  ${event.id}\n`);
      if (data.nextCursor && data.nextCursor !== cursor) {
        cursor = data.nextCursor;
        if (statePath) await saveCursor(statePath, cursor);
      }
      // A full page: there may be more at once.
      if (data.items.length === limit) continue;
      if (!ctx.values.follow) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, intervalMs))), ctx.io.interrupted]);
      clearTimeout(timer);
    }
    if (!ctx.json && cursor) ctx.io.stderr(`cursor: ${cursor}\n`);
  },
};
