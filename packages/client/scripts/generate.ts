import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GENERATED_PATH, liveDocument, renderTypes } from './openapi-types';

/** `pnpm client:generate`: writes the SDK's types from the document the hub serves now. */
const ROOT = resolve(import.meta.dirname, '../../..');
const target = resolve(ROOT, GENERATED_PATH);
const text = await renderTypes(await liveDocument());
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, text);
console.log(`wrote ${GENERATED_PATH} (${text.split('\n').length} lines)`);
