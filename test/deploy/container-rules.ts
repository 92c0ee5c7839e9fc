/**
 * The rules the container files are held to, checked offline (no container engine runs in CI):
 * a Dockerfile is parsed with dockerfile-ast and linted with dockerfile-utils' validator, and the
 * compose file is read as YAML. Each function answers the problems it finds, one line each; none
 * means the file keeps the rules. test/deploy/container-files.test.ts runs them on the real files
 * and on copies broken on purpose, so a rule that stopped being checked would be seen.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

const SEVERITY_ERROR = 1; // the Language Server Protocol's DiagnosticSeverity.Error

/** A stage: its FROM and the instructions up to the next FROM. */
interface Stage {
  name: string | null;
  image: string | null;
  instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const from = instruction as unknown as { getImage(): string | null; getBuildStage(): string | null };
      stages.push({ name: from.getBuildStage(), image: from.getImage(), instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const argumentsOf = (instruction: Instruction) => (instruction.getArgumentsContent() ?? '').trim();
const keywordOf = (instruction: Instruction) => instruction.getKeyword().toUpperCase();
/** A shell started to read a command line: `sh -c`, `bash -c`, `/bin/sh -c` ... */
const SHELL_C = /(^|[\s"'[,/])(ba|da|z)?sh"?\s*,?\s*"?-c\b/;

/**
 * A Dockerfile's problems: what dockerfile-utils' validator calls an error; a FROM that names a
 * registry image without an exact version (a tag with a digit, or a digest); and in the final
 * stage (the image that runs): no USER, or a root one; CMD or ENTRYPOINT not in exec form, or
 * starting a shell with `-c`; no HEALTHCHECK, or one that is not in exec form.
 */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  for (const diagnostic of validate(text)) if (diagnostic.severity === SEVERITY_ERROR) problems.push(`line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  const stages = stagesOf(text);
  if (stages.length === 0) return [...problems, 'no FROM'];
  const names = new Set<string>();
  for (const stage of stages) {
    const image = stage.image ?? '';
    if (!names.has(image)) {
      const [, tag] = /^[^@]*?(?::([^/:@]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image) ?? [];
      const digest = /@sha256:[0-9a-f]{64}$/.test(image);
      if (!digest && (!tag || tag === 'latest' || !/\d/.test(tag))) problems.push(`FROM ${image}: not pinned to an exact version (a tag with its version, or a digest)`);
    }
    if (stage.name) names.add(stage.name);
  }
  const final = stages.at(-1)!;
  const users = final.instructions.filter((i) => keywordOf(i) === 'USER');
  const user = users.length > 0 ? argumentsOf(users.at(-1)!).split(':')[0] : undefined;
  if (user === undefined) problems.push('the final stage sets no USER: it would run as root');
  else if (user === 'root' || user === '0') problems.push(`the final stage runs as ${user}`);
  const starts = final.instructions.filter((i) => ['CMD', 'ENTRYPOINT'].includes(keywordOf(i)));
  if (starts.length === 0) problems.push('the final stage has no CMD or ENTRYPOINT');
  for (const start of starts) {
    const args = argumentsOf(start);
    if (!args.startsWith('[')) problems.push(`${keywordOf(start)} ${args}: not in exec form (a JSON array), so a shell would be PID 1 and take the signals`);
    else if (SHELL_C.test(args)) problems.push(`${keywordOf(start)} ${args}: starts a shell with -c`);
  }
  const checks = final.instructions.filter((i) => keywordOf(i) === 'HEALTHCHECK');
  if (checks.length === 0) problems.push('the final stage has no HEALTHCHECK');
  for (const check of checks) {
    const args = argumentsOf(check).replace(/^(--[a-z-]+=\S+\s+)*/, '');
    if (/^NONE\b/i.test(args)) problems.push('HEALTHCHECK NONE');
    else if (!/^CMD\s+\[/i.test(args)) problems.push(`HEALTHCHECK ${args}: not in exec form`);
  }
  return problems;
}

/**
 * The hub's image carries no development dependency: its final stage installs nothing and copies
 * from other stages only the output of a production deploy (`pnpm ... deploy --prod <dir>`) and the
 * bundles (`dist`).
 */
export function devDependencyProblems(text: string): string[] {
  const problems: string[] = [];
  const stages = stagesOf(text);
  const final = stages.at(-1);
  if (!final) return ['no FROM'];
  const deployed = new Map<string, string[]>();
  for (const stage of stages.slice(0, -1))
    for (const instruction of stage.instructions.filter((i) => keywordOf(i) === 'RUN')) {
      const found = /pnpm\b[^&;]*\bdeploy\b[^&;]*?--prod\b[^&;]*?\s(\/\S+)/.exec(argumentsOf(instruction));
      if (found && stage.name) deployed.set(stage.name, [...(deployed.get(stage.name) ?? []), found[1]!.replace(/\/$/, '')]);
    }
  for (const instruction of final.instructions) {
    const args = argumentsOf(instruction);
    if (keywordOf(instruction) === 'RUN' && /\b(pnpm|npm|yarn)\b.*\b(install|i|add|ci|deploy)\b/.test(args) && !/--prod\b|--production\b|--omit[= ]dev\b/.test(args))
      problems.push(`the final stage installs packages without --prod: ${args}`);
    if (keywordOf(instruction) !== 'COPY') continue;
    const flags = (instruction as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags();
    const from = flags.find((flag) => flag.getName() === 'from')?.getValue();
    if (!from) continue;
    const sources = instruction
      .getArguments()
      .map((argument) => argument.getValue())
      .slice(0, -1);
    for (const source of sources) {
      const clean = source.replace(/\/$/, '');
      const fromDeploy = (deployed.get(from) ?? []).includes(clean);
      if (!fromDeploy && !/\/dist$/.test(clean)) problems.push(`COPY --from=${from} ${source}: neither a production deploy (pnpm deploy --prod) nor the bundles`);
    }
  }
  return problems;
}

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: unknown;
  entrypoint?: unknown;
  environment?: Record<string, string> | string[];
}

const environmentOf = (service: ComposeService): Record<string, string> =>
  Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((line) => [line.split('=')[0]!, line.split('=').slice(1).join('=')]))
    : Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

/** The user and host of a postgres:// URL in the environment, `${...}` interpolations left as they are. */
function urlParts(value: string | undefined): { user: string; host: string } | undefined {
  const found = /^postgres(?:ql)?:\/\/([^:@/]+)(?::[^@]*)?@([^:/]+)/.exec(value ?? '');
  return found ? { user: found[1]!, host: found[2]! } : undefined;
}

/**
 * The compose file's problems: a command or entrypoint that is a string (a shell would read it) or
 * starts a shell with `-c`; a registry image without an exact version; the schema owner's login
 * (`ponte_owner`, or its password) in any service of ours but the one-shot `migrate` job; the hub
 * not as `ponte_hub` through the PgBouncer service, with prepared statements on, the worker not
 * off, or a migration URL; the worker not as `ponte_background`; PgBouncer not in transaction mode.
 */
export function composeProblems(yamlText: string, pgbouncerIni: string): string[] {
  const problems: string[] = [];
  const compose = parseYaml(yamlText, { merge: true }) as { services?: Record<string, ComposeService> };
  const services = compose.services ?? {};
  for (const name of ['postgres', 'migrate', 'pgbouncer', 'hub', 'worker']) if (!services[name]) problems.push(`no ${name} service`);
  for (const [name, service] of Object.entries(services)) {
    for (const key of ['command', 'entrypoint'] as const) {
      const value = service[key];
      if (value === undefined) continue;
      if (!Array.isArray(value)) problems.push(`${name}.${key} is a string: a shell would read it; write it as a list`);
      else if (SHELL_C.test(JSON.stringify(value))) problems.push(`${name}.${key} starts a shell with -c`);
    }
    if (service.image && !service.build) {
      const tag = /:([^/:@]+)$/.exec(service.image.replace(/@sha256:[0-9a-f]{64}$/, ''))?.[1];
      if (!/@sha256:/.test(service.image) && (!tag || tag === 'latest' || !/\d/.test(tag))) problems.push(`${name}: image ${service.image} is not pinned to an exact version`);
    }
    // The database server must know the owner's password to create the login; no process of ours but migrate may.
    if (name === 'migrate' || name === 'postgres') continue;
    for (const [key, value] of Object.entries(environmentOf(service)))
      if (urlParts(value)?.user === 'ponte_owner' || /PONTE_OWNER_PASSWORD/.test(value) || key === 'PONTE_OWNER_PASSWORD' || key === 'PONTE_MIGRATION_DATABASE_URL')
        problems.push(`${name}.environment.${key} holds the schema owner's credentials: only the migrate job may`);
  }
  const migrate = services.migrate ? environmentOf(services.migrate) : {};
  if (services.migrate && urlParts(migrate.DATABASE_URL)?.user !== 'ponte_owner') problems.push('migrate does not connect as the schema owner (ponte_owner)');
  const hub = services.hub ? environmentOf(services.hub) : undefined;
  if (hub) {
    const url = urlParts(hub.DATABASE_URL);
    if (url?.user !== 'ponte_hub') problems.push(`hub connects as ${url?.user ?? 'nobody'}, not ponte_hub`);
    if (url?.host !== 'pgbouncer') problems.push(`hub connects to ${url?.host ?? 'nothing'}, not to PgBouncer`);
    if (hub.PONTE_DB_PREPARED_STATEMENTS !== 'false') problems.push('hub behind PgBouncer in transaction mode needs PONTE_DB_PREPARED_STATEMENTS=false');
    if (hub.PONTE_WORKER !== 'off') problems.push('hub runs the worker inline (PONTE_WORKER is not off) beside services/worker');
  }
  const worker = services.worker ? environmentOf(services.worker) : undefined;
  if (worker && urlParts(worker.DATABASE_URL)?.user !== 'ponte_background') problems.push('worker does not connect as ponte_background');
  if (!/^\s*pool_mode\s*=\s*transaction\s*$/m.test(pgbouncerIni)) problems.push('PgBouncer is not in transaction pooling mode');
  return problems;
}
