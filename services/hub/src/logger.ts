import type { DestinationStream, Logger } from 'pino';
import { createServiceLogger } from '@ponte/core';

/** The hub's logger (see {@link createServiceLogger}). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return createServiceLogger('ponte-hub', level, destination);
}
