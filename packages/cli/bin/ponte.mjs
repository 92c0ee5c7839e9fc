#!/usr/bin/env node
// The `ponte` command of @ponte/cli: the TypeScript sources, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();
