import { runCli } from './cli';
import type { Io } from './io';

/** `ponte ...` as a process: its streams, its environment, SIGINT and SIGTERM. */
export function processIo(): Io {
  let interrupted: Promise<void> | undefined;
  return {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    // Taken over only by a command that waits for it (events tail --follow); others end on a signal as usual.
    get interrupted() {
      return (interrupted ??= new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      }));
    },
    fetch: globalThis.fetch,
  };
}

/** Runs the command line on this process's arguments and exits with its code once its output is written. */
export async function main(args: string[] = process.argv.slice(2)): Promise<never> {
  const code = await runCli(args, processIo());
  // Let stdout drain (a pipe may be slower than the command).
  await new Promise<void>((resolve) => (process.stdout.write('') ? resolve() : process.stdout.once('drain', () => resolve())));
  process.exit(code);
}
