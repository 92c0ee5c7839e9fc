import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

/** The lines a logger writes, parsed. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, sink };
}

describe("the worker's logger", () => {
  it('redacts secrets and personal data, keeping the field names', () => {
    const { lines, sink } = capture();
    const logger = createLogger('info', sink);
    logger.warn(
      { endpoint: { url: 'https://partner.example/hook', client_secret: 's3cret-value', token: 'eyJhbGciOi' }, user: { displayName: 'Amina Mussa', username: 'amussa' } },
      'delivery failed',
    );
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ service: 'ponte-worker', level: 'warn', msg: 'delivery failed' });
    expect(line!.endpoint).toEqual({ url: 'https://partner.example/hook', client_secret: '[redacted]', token: '[redacted]' });
    expect(line!.user).toEqual({ displayName: '[redacted]', username: '[redacted]' });
    const text = JSON.stringify(line);
    for (const value of ['s3cret-value', 'eyJhbGciOi', 'Amina Mussa', 'amussa']) expect(text).not.toContain(value);
  });

  it('logs an error by its type, message, code and stack, never the values a database error carries', () => {
    const { lines, sink } = capture();
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: 'Key (reference)=(MOZ-123) already exists.', parameters: ['MOZ-123'] });
    createLogger('info', sink).error({ err: error }, 'sealing the access log failed');
    const err = lines[0]!.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'Error', message: 'duplicate key value violates unique constraint', code: '23505' });
    expect(typeof err.stack).toBe('string');
    expect(JSON.stringify(lines[0])).not.toContain('MOZ-123');
  });
});
