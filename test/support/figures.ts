import { appendFileSync } from 'node:fs';

/** Records figures a security run produced, for the summary `pnpm test:security` prints at the end. */
export function recordFigures(kind: string, figures: Record<string, number | string>): void {
  const file = process.env.PONTE_FIGURES_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ kind, ...figures })}\n`);
}
