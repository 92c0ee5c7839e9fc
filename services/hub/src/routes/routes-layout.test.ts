import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * One operation per file: `routes/<resource>/<operation>.ts` holds one route definition and its
 * handler, and exports one `register<Operation>` function. What route files share lives in
 * `routes/shared.ts`; a route file never imports another route file.
 */

const ROUTES = dirname(fileURLToPath(import.meta.url));
const SHARED = join(ROUTES, 'shared.ts');

/** Every route file: the `.ts` files below `routes/<resource>/`, tests aside. */
function routeFiles(dir = ROUTES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return dir !== ROUTES && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const count = (source: string, pattern: RegExp) => source.match(pattern)?.length ?? 0;

/** The relative modules a file imports (static imports, re-exports and dynamic imports), resolved. */
function relativeImports(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => {
    const target = resolve(dirname(file), specifier);
    return target.endsWith('.ts') ? target : `${target}.ts`;
  });
}

const pascal = (kebab: string) => kebab.replace(/(?:^|-)([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const camel = (kebab: string) => pascal(kebab).replace(/^[A-Z]/, (letter) => letter.toLowerCase());

/** What is wrong with one route file, in words; empty when it keeps the layout. */
function layoutProblems(file: string, source: string): string[] {
  const problems: string[] = [];
  const definitions = count(source, /\bcreateRoute\s*\(/g);
  const registrations = count(source, /\.openapi\s*\(/g) + count(source, /\.registerPath\s*\(/g);
  if (definitions > 1) problems.push(`defines ${definitions} routes (createRoute)`);
  if (registrations > 1) problems.push(`registers ${registrations} operations (openapi/registerPath)`);
  for (const target of relativeImports(file, source))
    if (target.startsWith(ROUTES + '/') && target !== SHARED) problems.push(`imports the route file ${relative(ROUTES, target)}`);
  const exported = [...source.matchAll(/^export\s+(?:async\s+)?(?:function|const|let|class|type|interface|enum|default)\s*(\w*)/gm)].map((m) => m[1]);
  const expected = `register${pascal(file.split('/').pop()!.replace(/\.ts$/, ''))}`;
  if (exported.length !== 1 || exported[0] !== expected) problems.push(`exports ${JSON.stringify(exported)}, not only ${expected}`);
  // The operation's name in the API description is the file's, camelCased: stable while the file is.
  const operationId = `${camel(file.split('/').pop()!.replace(/\.ts$/, ''))}`;
  const declared = [...source.matchAll(/\boperationId:\s*'([^']*)'/g)].map((m) => m[1]);
  if (definitions === 1 && (declared.length !== 1 || declared[0] !== operationId))
    problems.push(`declares operationId ${JSON.stringify(declared)}, not ${operationId}`);
  return problems;
}

describe('the routes layout', () => {
  const files = routeFiles();

  it('finds the route files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('holds one operation per file, exports only its register function, and imports no other route file', () => {
    const problems = Object.fromEntries(
      files.map((file) => [relative(ROUTES, file), layoutProblems(file, readFileSync(file, 'utf8'))] as const).filter(([, found]) => found.length > 0),
    );
    expect(problems).toEqual({});
  });

  it('keeps the shared module free of operations and of route files', () => {
    const source = readFileSync(SHARED, 'utf8');
    expect(count(source, /\bcreateRoute\s*\(|\.openapi\s*\(|\.registerPath\s*\(/g)).toBe(0);
    expect(relativeImports(SHARED, source).filter((target) => target.startsWith(ROUTES + '/'))).toEqual([]);
  });

  it('names a violation when it sees one', () => {
    const file = join(ROUTES, 'referrals', 'accept-referral.ts');
    const twoRoutes = "import { IdParam } from '../shared';\nconst a = createRoute({});\nconst b = createRoute({});\nexport function registerAcceptReferral(app) { app.openapi(a, h); app.openapi(b, h); }";
    expect(layoutProblems(file, twoRoutes)).toEqual(['defines 2 routes (createRoute)', 'registers 2 operations (openapi/registerPath)']);
    const sibling = "import { versionFromIfMatch } from '../subjects/update-subject';\nexport function registerAcceptReferral(app) {}";
    expect(layoutProblems(file, sibling)).toEqual(['imports the route file subjects/update-subject.ts']);
    const misnamed = "const route = createRoute({ method: 'post', operationId: 'acceptTheReferral' });\nexport function registerAcceptReferral(app) { app.openapi(route, h); }";
    expect(layoutProblems(file, misnamed)).toEqual(['declares operationId ["acceptTheReferral"], not acceptReferral']);
    const unnamed = "const route = createRoute({ method: 'post' });\nexport function registerAcceptReferral(app) { app.openapi(route, h); }";
    expect(layoutProblems(file, unnamed)).toEqual(['declares operationId [], not acceptReferral']);
    const extraExport = "export const IfMatch = 1;\nexport function registerAcceptReferral(app) {}";
    expect(layoutProblems(file, extraExport)).toEqual(['exports ["IfMatch","registerAcceptReferral"], not only registerAcceptReferral']);
  });
});
