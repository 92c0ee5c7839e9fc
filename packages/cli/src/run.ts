/** `ponte` as a process: `node --import tsx packages/cli/src/run.ts <command> ...`, or a bundle of this file. */
import { main } from './main';

await main();
