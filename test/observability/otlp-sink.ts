import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What an OpenTelemetry collector's OTLP/HTTP receiver sees: every export the hub posts to
 * `/v1/traces`, kept as sent (protobuf or JSON). JSON exports are also read into spans.
 */
export interface OtlpExport {
  path: string;
  contentType: string;
  body: Buffer;
}

export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  status: { code?: number };
  service: string;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const valueOf = (value: AnyValue) => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.boolValue ?? value.doubleValue ?? '';
const attributesOf = (list: Array<{ key: string; value: AnyValue }> = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

export class OtlpSink {
  readonly exports: OtlpExport[] = [];
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const contentType = req.headers['content-type'] ?? '';
        this.exports.push({ path: req.url ?? '', contentType, body: Buffer.concat(chunks) });
        // An empty ExportTraceServiceResponse: everything accepted.
        if (contentType.includes('json')) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((done) => this.#server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Every byte received, as text: protobuf carries its strings as UTF-8, so a value sent shows here either way. */
  text(): string {
    return this.exports.map((e) => e.body.toString('utf8')).join('\n');
  }

  /** The spans of the JSON exports. */
  spans(): ExportedSpan[] {
    const spans: ExportedSpan[] = [];
    for (const sent of this.exports.filter((e) => e.contentType.includes('json'))) {
      const body = JSON.parse(sent.body.toString('utf8')) as {
        resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: AnyValue }> }; scopeSpans: Array<{ spans: Array<Omit<ExportedSpan, 'attributes' | 'service'> & { attributes?: Array<{ key: string; value: AnyValue }> }> }> }>;
      };
      for (const resource of body.resourceSpans) {
        const service = String(attributesOf(resource.resource.attributes)['service.name']);
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, parentSpanId: span.parentSpanId ?? '', attributes: attributesOf(span.attributes), service });
      }
    }
    return spans;
  }

  /** Waits until `found` holds of what arrived (at most `ms`). */
  async until(found: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!found()) {
      if (Date.now() > deadline) throw new Error(`the spans expected did not arrive within ${ms} ms (${this.exports.length} exports)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.#server ? this.#server.close(() => done()) : done()));
  }
}
