/**
 * `pnpm build`: bundles the hub into one ES module, `services/hub/dist/hub.mjs`, to run with plain
 * Node (`node services/hub/dist/hub.mjs`) instead of transpiling TypeScript at start. The
 * workspace packages and most dependencies are bundled in; those that read their own files at
 * run time (PGlite's WebAssembly, the API explorer's assets) or start worker threads (pino) stay
 * outside and resolve from the hub's own dependencies.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** Left out of the bundle: each is a dependency of the hub, found next to it at run time. */
const OUTSIDE = ['@electric-sql/pglite', 'pino', 'swagger-ui-dist', 'pg-native'];

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

if (import.meta.url === `file://${process.argv[1]}`) {
  const here = import.meta.dirname;
  await bundle(resolve(here, 'src/main.ts'), resolve(here, 'dist/hub.mjs'));
  process.stdout.write('built services/hub/dist/hub.mjs\n');
}
