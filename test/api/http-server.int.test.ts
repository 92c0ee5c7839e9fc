import { Agent, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createHubServer } from '@ponte/hub/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The hub over a real socket, as a client library meets it: an oversized body is refused before it
 * is uploaded (no `100 Continue` for it), the refusal says the connection closes, and a client
 * that keeps its connections alive loses no request after one.
 */
const LIMIT = 16 * 1024;
let hub: TestHub;
let server: ReturnType<typeof createHubServer>;
let port = 0;

beforeAll(async () => {
  hub = await createTestHub({ bodyLimitBytes: LIMIT });
  server = createHubServer(hub.app, { bodyLimitBytes: LIMIT, documentMaxBytes: 10 * 1024 * 1024 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await hub?.close();
});

function send(options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer; agent?: Agent; waitForContinue?: boolean }) {
  return new Promise<{ response: IncomingMessage; body: string; continued: boolean; uploaded: number }>((resolve, reject) => {
    let continued = false;
    let uploaded = 0;
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers, agent: options.agent ?? false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        resolve({ response, body: Buffer.concat(chunks).toString('utf8'), continued, uploaded });
        // A request answered before its body was sent is abandoned, the body never written.
        if (options.waitForContinue && !continued) req.destroy();
      });
    });
    req.on('error', reject);
    if (options.waitForContinue) {
      req.on('continue', () => {
        continued = true;
        uploaded = options.body?.length ?? 0;
        req.end(options.body);
      });
      req.flushHeaders();
    } else {
      uploaded = options.body?.length ?? 0;
      req.end(options.body);
    }
  });
}

describe('an oversized body', () => {
  it('is refused on its Content-Length before it is uploaded, with Connection: close', async () => {
    const body = Buffer.alloc(2_000_000, 'a');
    const res = await send({
      path: '/v1/subjects',
      headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue', authorization: `Bearer ${await hub.tokenFor('iom', 'caseworker')}` },
      body,
      waitForContinue: true,
    });
    expect(res.continued).toBe(false);
    expect(res.uploaded).toBe(0);
    expect(res.response.statusCode).toBe(413);
    expect(res.response.headers['content-type']).toMatch(/problem\+json/);
    expect(res.response.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'payload_too_large', errors: [expect.objectContaining({ check: 'max_size' })] });
  });

  it('still gets its 100 Continue when it is small enough', async () => {
    const body = Buffer.from(JSON.stringify({ identity: { givenName: 'Small', familyName: 'Body', estimatedAge: 30, sex: 'male', languages: ['pt'] } }));
    const res = await send({
      path: '/v1/subjects',
      headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue', authorization: `Bearer ${await hub.tokenFor('iom', 'caseworker')}` },
      body,
      waitForContinue: true,
    });
    expect(res.continued).toBe(true);
    expect(res.response.statusCode).toBe(201);
  });

  it('costs a client that keeps connections alive no request after it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const token = await hub.tokenFor('iom', 'caseworker');
    try {
      const big = Buffer.alloc(LIMIT * 4, 'a');
      const refused = await send({ path: '/v1/subjects', headers: { 'content-type': 'application/json', 'content-length': big.length, authorization: `Bearer ${token}` }, body: big, agent });
      expect(refused.response.statusCode).toBe(413);
      expect(refused.response.headers.connection).toBe('close');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await send({ method: 'GET', path: '/v1/me', headers: { authorization: `Bearer ${token}` }, agent })).response.statusCode!);
      expect(statuses).toEqual(Array(12).fill(200));
    } finally {
      agent.destroy();
    }
  });
});

/** One request written as given on a new connection, and everything the server answered until it closed. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('a probe in HTTP/1.0', () => {
  it('is answered without a Host header (a load balancer’s health check), which HTTP/1.1 still requires', async () => {
    expect(await raw('GET /readyz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect(await raw('GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect(await raw('GET /readyz HTTP/1.1\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('a document over a real socket', () => {
  it('is uploaded past the JSON body limit (to its own), streamed back in pieces as an attachment, and refused past its own limit before it is sent', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const made = await send({ path: '/v1/subjects', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ identity: { givenName: 'Socket', familyName: 'Document', estimatedAge: 40, sex: 'unknown', languages: ['pt'] } })) });
    expect(made.response.statusCode).toBe(201);
    const subjectId = (JSON.parse(made.body) as { id: string }).id;
    // A document is read as its category is: under a consent covering it.
    const consent = { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['protection_assistance'], recipients: [], categories: ['identity'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' };
    const consented = await send({ path: `/v1/subjects/${subjectId}/consents`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(consent)) });
    expect(consented.response.statusCode).toBe(201);
    // Larger than the JSON limit and than one stored piece (256 KiB), far below the documents' 10 MiB.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(600 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'ponte-document-title': 'Scan', 'content-length': pdf.length, expect: '100-continue' };
    const uploaded = await send({ path: `/v1/subjects/${subjectId}/documents?category=identity`, headers, body: pdf, waitForContinue: true });
    expect(uploaded.continued).toBe(true);
    expect(uploaded.response.statusCode).toBe(201);
    const document = JSON.parse(uploaded.body) as { id: string; size: number };
    expect(document.size).toBe(pdf.length);

    const download = await new Promise<{ response: IncomingMessage; body: Buffer }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: `/v1/subjects/${subjectId}/documents/${document.id}/content`, headers: { authorization: `Bearer ${token}` }, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(download.response.statusCode).toBe(200);
    expect(download.response.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.response.headers['content-length']).toBe(String(pdf.length));
    expect(download.body.equals(pdf)).toBe(true);

    const tooLarge = await send({ path: `/v1/subjects/${subjectId}/documents?category=identity`, headers: { ...headers, 'content-length': 11 * 1024 * 1024 }, body: Buffer.alloc(11 * 1024 * 1024), waitForContinue: true });
    expect(tooLarge.continued).toBe(false);
    expect(tooLarge.response.statusCode).toBe(413);
  });
});
