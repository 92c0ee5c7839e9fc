import type { DestinationStream, Logger } from 'pino';
import { createServiceLogger } from '@ponte/core';

/** The worker's logger: the hub's setup, redaction and error serializer included, under its own name. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return createServiceLogger('ponte-worker', level, destination);
}
