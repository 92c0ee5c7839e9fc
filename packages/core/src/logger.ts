import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs. Bodies are not logged at all; these catch secrets and
 * personal data that might still be attached to a log object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.password',
  '*.client_secret',
  '*.clientSecret',
  '*.access_token',
  '*.token',
  '*.password_hash',
  '*.secret_hash',
  '*.private_jwk',
  '*.privateJwk',
  '*.username',
  '*.displayName',
  '*.display_name',
];

/** Database errors may carry row values in `detail`, `where` or parameters: keep only what identifies the fault. */
function serializeError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const { name, message, stack } = error;
  const code = (error as { code?: unknown }).code;
  return { type: name, message, ...(code !== undefined ? { code } : {}), stack };
}

/**
 * The one pino setup of every service: JSON lines with ISO times and level names, the service's
 * name on each line, secrets and personal data redacted, errors reduced to what identifies them.
 */
export function createServiceLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
