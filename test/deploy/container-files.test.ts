import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeProblems, devDependencyProblems, dockerfileProblems } from './container-rules';

/**
 * The container files, linted offline: the hub's image, PgBouncer's image and the compose file keep
 * their rules (container-rules.ts), and each rule is seen to fail on a copy broken on purpose.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const hubImage = read('Dockerfile');
const pgbouncerImage = read('infra/pgbouncer/Dockerfile');
const compose = read('infra/compose.yaml');
const pgbouncerIni = read('infra/pgbouncer/pgbouncer.ini');

/** Replaces `from` (which must be there) in `text`. */
const broken = (text: string, from: string | RegExp, to: string) => {
  expect(text).toMatch(from);
  return text.replace(from, to);
};

describe('the hub image (Dockerfile)', () => {
  it('keeps every rule', () => {
    expect(dockerfileProblems(hubImage)).toEqual([]);
    expect(devDependencyProblems(hubImage)).toEqual([]);
  });

  it('has a .dockerignore that keeps installed and built files out of the build', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/.data', '.git', '**/.env']) expect(ignored).toContain(entry);
  });

  it.each([
    ['no USER', (t: string) => broken(t, /^USER .*$/m, ''), /sets no USER/],
    ['USER root', (t: string) => broken(t, /^USER .*$/m, 'USER root'), /runs as root/],
    ['USER 0:0', (t: string) => broken(t, /^USER .*$/m, 'USER 0:0'), /runs as 0/],
    ['a shell-form CMD', (t: string) => broken(t, /^CMD \[.*\]$/m, 'CMD node dist/hub.mjs'), /not in exec form/],
    ['a CMD through sh -c', (t: string) => broken(t, /^CMD \[.*\]$/m, 'CMD ["sh", "-c", "node dist/hub.mjs"]'), /shell with -c/],
    ['an ENTRYPOINT through /bin/bash -c', (t: string) => `${t}ENTRYPOINT ["/bin/bash", "-c"]\n`, /shell with -c/],
    ['no HEALTHCHECK', (t: string) => broken(t, /^HEALTHCHECK [^\n]*\\\n[^\n]*\n/m, ''), /no HEALTHCHECK/],
    ['HEALTHCHECK NONE', (t: string) => broken(t, /^HEALTHCHECK [^\n]*\\\n[^\n]*\n/m, 'HEALTHCHECK NONE\n'), /HEALTHCHECK NONE/],
    ['an unpinned base image', (t: string) => broken(t, /^FROM node:[^\s]+ AS runtime$/m, 'FROM node:20-bookworm-slim AS runtime'.replace('20-', '')), /not pinned/],
    ['a base image on latest', (t: string) => broken(t, /^FROM node:[^\s]+ AS build$/m, 'FROM node:latest AS build'), /not pinned/],
    ['a base image without a tag', (t: string) => broken(t, /^FROM node:[^\s]+ AS build$/m, 'FROM node AS build'), /not pinned/],
    ['an instruction the validator refuses', (t: string) => `${t}EXPOSE eighty\n`, /line \d+/],
  ])('finds %s', (_name, breakIt, problem) => {
    expect(dockerfileProblems(breakIt(hubImage)).join('\n')).toMatch(problem);
  });

  it('accepts a base image pinned by digest', () => {
    const pinned = hubImage.replaceAll(/^FROM node:(\S+)/gm, `FROM node:$1@sha256:${'a'.repeat(64)}`);
    expect(dockerfileProblems(pinned)).toEqual([]);
  });

  it.each([
    ['the whole workspace copied into the final stage', (t: string) => broken(t, 'COPY --from=build /out/ /app/', 'COPY --from=build /src/ /app/'), /neither a production deploy/],
    ['a deploy without --prod', (t: string) => broken(t, 'deploy --prod /out', 'deploy /out'), /neither a production deploy/],
    ['an install in the final stage', (t: string) => broken(t, /^USER /m, 'RUN npm install --global pnpm@12.4.2 && pnpm install --frozen-lockfile\nUSER '), /installs packages without --prod/],
  ])('finds a development dependency: %s', (_name, breakIt, problem) => {
    expect(devDependencyProblems(breakIt(hubImage)).join('\n')).toMatch(problem);
  });
});

describe("PgBouncer's image (infra/pgbouncer/Dockerfile)", () => {
  it('keeps every rule', () => {
    expect(dockerfileProblems(pgbouncerImage)).toEqual([]);
  });

  it('finds a root user and a shell-form entrypoint', () => {
    expect(dockerfileProblems(broken(pgbouncerImage, /^USER .*$/m, 'USER root')).join('\n')).toMatch(/runs as root/);
    expect(dockerfileProblems(broken(pgbouncerImage, /^ENTRYPOINT .*$/m, 'ENTRYPOINT /usr/local/bin/ponte-pgbouncer')).join('\n')).toMatch(/not in exec form/);
  });
});

describe('the compose file (infra/compose.yaml)', () => {
  it('keeps every rule', () => {
    expect(composeProblems(compose, pgbouncerIni)).toEqual([]);
  });

  it.each([
    ['a string command', (t: string) => broken(t, 'command: ["node", "dist/worker.mjs"]', 'command: node dist/worker.mjs'), /worker.command is a string/],
    ['a command through sh -c', (t: string) => broken(t, 'command: ["node", "dist/worker.mjs"]', 'command: ["sh", "-c", "node dist/worker.mjs"]'), /worker.command starts a shell/],
    ['the owner URL in the hub', (t: string) => broken(t, 'PONTE_DB_POOL_SIZE: "10"', 'PONTE_DB_POOL_SIZE: "10"\n      PONTE_MIGRATION_DATABASE_URL: postgres://ponte_owner:${PONTE_OWNER_PASSWORD}@postgres:5432/ponte'), /hub.environment.PONTE_MIGRATION_DATABASE_URL holds the schema owner/],
    ['the owner as the worker', (t: string) => broken(t, 'postgres://ponte_background:${PONTE_BACKGROUND_PASSWORD:?set PONTE_BACKGROUND_PASSWORD}@', 'postgres://ponte_owner:${PONTE_OWNER_PASSWORD}@'), /worker.environment.DATABASE_URL holds the schema owner/],
    ['the hub past PgBouncer', (t: string) => broken(t, '@pgbouncer:6432/ponte', '@postgres:5432/ponte'), /not to PgBouncer/],
    ['prepared statements through PgBouncer', (t: string) => broken(t, 'PONTE_DB_PREPARED_STATEMENTS: "false"', 'PONTE_DB_PREPARED_STATEMENTS: "true"'), /PONTE_DB_PREPARED_STATEMENTS=false/],
    ['the worker inline in the hub', (t: string) => broken(t, 'PONTE_WORKER: "off"', 'PONTE_WORKER: "inline"'), /PONTE_WORKER is not off/],
    ['an unpinned PostgreSQL image', (t: string) => broken(t, /image: postgres:\S+/, 'image: postgres:latest'), /postgres: image postgres:latest is not pinned/],
    ['no migrate job', (t: string) => broken(t, /\n {2}migrate:\n/, '\n  migration:\n'), /no migrate service/],
  ])('finds %s', (_name, breakIt, problem) => {
    expect(composeProblems(breakIt(compose), pgbouncerIni).join('\n')).toMatch(problem);
  });

  it('finds PgBouncer in session mode', () => {
    expect(composeProblems(compose, broken(pgbouncerIni, /^pool_mode = transaction$/m, 'pool_mode = session')).join('\n')).toMatch(/transaction pooling mode/);
  });
});
