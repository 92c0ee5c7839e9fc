import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';

type OperationOutcomeIssue = ReturnType<typeof validateResource>[number];

/*
 * HL7 FHIR R5 validation for the tests, with nothing fetched at run time:
 *  - the definitions are HL7's own R5 core package (`hl7.fhir.r5.core` 5.0.0, from npm);
 *  - Medplum's validator (`@medplum/core`) reads their StructureDefinitions and checks every
 *    element against them: known properties only, cardinality, types, primitive formats,
 *    contained resources (a Bundle's entries) and the FHIRPath invariants (bdl-1, bdl-18, ...);
 *  - two rules Medplum does not check are added here, small and on purpose: the JSON format's
 *    "no empty arrays, strings or objects" (ele-1), and the `required` bindings of `code`
 *    elements (a status, an intent, an action) against the value sets of the same package.
 */

const PACKAGE = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r5.core/package.json'));
const read = (file: string) => JSON.parse(readFileSync(join(PACKAGE, file), 'utf8'));

interface ElementDefinition {
  path: string;
  type?: Array<{ code: string }>;
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
}

/** The base types and resources of R5 (profiles and logical models aside), indexed once for Medplum and for the walk below. */
const definitions = readdirSync(PACKAGE)
  .filter((file) => file.startsWith('StructureDefinition-'))
  .map(read)
  .filter((sd) => sd.derivation !== 'constraint' && sd.kind !== 'logical');
indexStructureDefinitionBundle(definitions);
const elements = new Map<string, ElementDefinition>(definitions.flatMap((sd) => (sd.snapshot.element as ElementDefinition[]).map((e) => [e.path, e] as const)));

/** The codes of a CodeSystem of the package, its nested concepts included. */
function codesOf(system: string): string[] | undefined {
  const last = system.split('/').at(-1)!;
  const named = `CodeSystem-${last}.json`;
  const files = existsSync(join(PACKAGE, named)) ? [named] : readdirSync(PACKAGE).filter((f) => f.startsWith('CodeSystem-'));
  const codeSystem = files.map(read).find((cs) => cs.url === system);
  const flat = (concepts: Array<{ code: string; concept?: unknown[] }> = []): string[] => concepts.flatMap((c) => [c.code, ...flat(c.concept as typeof concepts)]);
  return codeSystem ? flat(codeSystem.concept) : undefined;
}

const valueSets = new Map<string, Set<string> | undefined>();
/** The codes of a value set that includes whole code systems or listed codes; undefined when it needs more (filters, other value sets). */
function valueSetCodes(canonical: string): Set<string> | undefined {
  const url = canonical.split('|')[0]!;
  if (valueSets.has(url)) return valueSets.get(url);
  const file = `ValueSet-${url.split('/').at(-1)}.json`;
  const valueSet = existsSync(join(PACKAGE, file)) ? read(file) : undefined;
  const includes: Array<{ system?: string; concept?: Array<{ code: string }>; filter?: unknown; valueSet?: unknown }> = valueSet?.url === url ? (valueSet.compose?.include ?? []) : [];
  const parts = includes.map((include) => (include.filter || include.valueSet || !include.system ? undefined : include.concept ? include.concept.map((c) => c.code) : codesOf(include.system)));
  const codes = includes.length > 0 && parts.every(Boolean) ? new Set(parts.flat() as string[]) : undefined;
  valueSets.set(url, codes);
  return codes;
}

/** The choice elements (`value[x]`) under each path, by their stem (`value`). */
const choices = new Map<string, Array<[string, ElementDefinition]>>();
for (const [path, element] of elements) {
  if (!path.endsWith('[x]')) continue;
  const parent = path.slice(0, path.lastIndexOf('.'));
  choices.set(parent, [...(choices.get(parent) ?? []), [path.slice(parent.length + 1, -3), element]]);
}

/** The element a property names under a path, its choice type resolved (`valueString` under `X.value[x]`). */
function elementFor(path: string, key: string): { element: ElementDefinition; type: string | undefined } | undefined {
  const element = elements.get(`${path}.${key}`);
  if (element) return { element, type: element.type?.length === 1 ? element.type[0]!.code : undefined };
  for (const [stem, choice] of choices.get(path) ?? []) {
    const type = key.startsWith(stem) ? choice.type?.find((t) => t.code.toLowerCase() === key.slice(stem.length).toLowerCase())?.code : undefined;
    if (type) return { element: choice, type };
  }
  return undefined;
}

/** The JSON-format rules and the required bindings of `code` elements, over the whole resource. */
function walk(value: unknown, path: string, where: string, issues: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) issues.push(`${where}: an empty array (FHIR JSON arrays are never empty)`);
    value.forEach((item, i) => walk(item, path, `${where}[${i}]`, issues));
    return;
  }
  if (typeof value === 'string') {
    if (value.trim() === '') issues.push(`${where}: an empty string`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const entries = Object.entries(value);
  if (entries.length === 0) issues.push(`${where}: an empty object (ele-1)`);
  for (const [key, item] of entries) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const found = elementFor(path, key);
    const at = `${where}.${key}`;
    if (!found) {
      walk(item, `${path}.${key}`, at, issues);
      continue;
    }
    const { element, type } = found;
    const next = element.contentReference
      ? element.contentReference.replace(/^.*#/, '')
      : type === 'Resource'
        ? ((item as { resourceType?: string })?.resourceType ?? 'Resource')
        : type === undefined || type === 'BackboneElement' || type === 'Element'
          ? element.path
          : type;
    if (type === 'code' && element.binding?.strength === 'required' && element.binding.valueSet) {
      const codes = valueSetCodes(element.binding.valueSet);
      for (const code of [item].flat()) if (codes && typeof code === 'string' && !codes.has(code)) issues.push(`${at}: '${code}' is not in ${element.binding.valueSet}`);
    }
    walk(item, next, at, issues);
  }
}

/** Every problem FHIR R5 finds in the resource, in words; empty when it is valid. */
export function r5Issues(resource: { resourceType: string }): string[] {
  const issues: string[] = [];
  let outcome: OperationOutcomeIssue[];
  try {
    outcome = validateResource(resource as never);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    outcome = error.outcome.issue ?? [];
  }
  for (const issue of outcome)
    if (issue.severity === 'error' || issue.severity === 'fatal') issues.push(`${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? issue.code}`);
  walk(resource, resource.resourceType, resource.resourceType, issues);
  return issues;
}
