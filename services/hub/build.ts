/**
 * `pnpm build`: bundles the deployables into ES modules under `services/hub/dist/`, to run with plain
 * Node instead of transpiling TypeScript at start:
 * - `hub.mjs`: the hub (`node services/hub/dist/hub.mjs`);
 * - `worker.mjs`: `services/worker`, webhook delivery, sealing and verification of the access log;
 * - `cli.mjs`: the operator's command line (`node services/hub/dist/cli.mjs migrate`, `... init`,
 *   `... keys list`, `... audit verify`, ...).
 * The workspace packages and most dependencies are bundled in; those that read their own files at
 * run time (PGlite's WebAssembly, the API explorer's assets) or start worker threads (pino) stay
 * outside and resolve from the hub's own dependencies, so the bundles all live in the hub's folder
 * and a production install of the hub (`pnpm deploy --prod`) is all they need beside them.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** Left out of the bundles: each is a dependency of the hub, found next to it at run time. */
export const OUTSIDE = ['@electric-sql/pglite', 'pino', 'swagger-ui-dist', 'pg-native'];

/** Each bundle `pnpm build` writes: its entry point, relative to the hub's folder, by its file name in `dist/`. */
export const BUNDLES: Record<string, string> = {
  'hub.mjs': 'src/main.ts',
  'worker.mjs': '../worker/src/main.ts',
  'cli.mjs': 'src/cli.ts',
};

export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    external: OUTSIDE.flatMap((name) => [name, `${name}/*`]),
    // Bundled CommonJS dependencies (pg, among others) call `require` for Node's own modules.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** Writes every bundle into `outDir` (the hub's `dist/` by default); answers the files written. */
export async function bundleAll(outDir = resolve(import.meta.dirname, 'dist')): Promise<string[]> {
  const here = import.meta.dirname;
  const written = await Promise.all(
    Object.entries(BUNDLES).map(async ([file, entry]) => {
      await bundle(resolve(here, entry), resolve(outDir, file));
      return resolve(outDir, file);
    }),
  );
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of await bundleAll()) process.stdout.write(`built ${file.slice(resolve(import.meta.dirname, '../..').length + 1)}\n`);
}
