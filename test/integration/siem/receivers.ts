import { afterEach } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { WireEntrySchema, type WireEntry } from '../../../shared/journal';

// Local stand-ins for an OpenTelemetry collector and a Splunk HEC endpoint.
// Each checks every request against the documented format (the excerpts in
// test/fixtures/siem/), records what it accepted by entry id, and answers
// whatever the test asks for: success, an error, or no answer at all.

/** 64-bit integers are decimal strings in OTLP JSON. */
const U64 = z.string().regex(/^\d+$/, '64-bit integers are decimal strings');
const AnyValue = z.union([
  z.strictObject({ stringValue: z.string() }),
  z.strictObject({ intValue: z.string().regex(/^-?\d+$/, 'int64 intValue is a decimal string') }),
  z.strictObject({ boolValue: z.boolean() }),
  z.strictObject({ doubleValue: z.number() }),
]);
const KeyValue = z.strictObject({ key: z.string().min(1), value: AnyValue });
// strictObject: a snake_case or misspelt member is a mistake of ours, though a real receiver would ignore it.
const LogRecord = z.strictObject({
  timeUnixNano: U64,
  observedTimeUnixNano: U64,
  severityNumber: z.number().int().min(1).max(24), // an integer enum, never a name; 0 (UNSPECIFIED) MUST NOT be used
  severityText: z.string().optional(),
  eventName: z.string().optional(),
  body: AnyValue,
  attributes: z.array(KeyValue),
  droppedAttributesCount: z.number().int().optional(),
  flags: z.number().int().optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/)
    .optional(),
  spanId: z
    .string()
    .regex(/^[0-9a-fA-F]{16}$/)
    .optional(),
});
export const ExportLogsServiceRequest = z.strictObject({
  resourceLogs: z
    .array(
      z.strictObject({
        resource: z.strictObject({ attributes: z.array(KeyValue), droppedAttributesCount: z.number().int().optional() }),
        scopeLogs: z
          .array(
            z.strictObject({
              scope: z.strictObject({ name: z.string().min(1), version: z.string().optional(), attributes: z.array(KeyValue).optional() }),
              logRecords: z.array(LogRecord).min(1), // senders SHOULD NOT create empty envelopes
              schemaUrl: z.string().optional(),
            }),
          )
          .min(1),
        schemaUrl: z.string().optional(),
      }),
    )
    .min(1),
});
export type OtlpRequest = z.infer<typeof ExportLogsServiceRequest>;

export const HecEnvelope = z.strictObject({
  time: z.number().positive(),
  host: z.string().min(1),
  source: z.literal('commandpost'),
  sourcetype: z.literal('commandpost:journal'),
  index: z.string().min(1).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  event: z.record(z.string(), z.unknown()).refine((e) => Object.keys(e).length > 0, 'Event field cannot be blank'),
});

/** What a receiver answers; `drop` closes the connection without an answer. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
export type Answer = Reply | 'drop';

/** One accepted record: the entry as the receiver can rebuild it, and what else it said. */
export interface Received {
  wire: WireEntry;
  attributes: Record<string, string>;
  resource: Record<string, string>;
}

export class Receiver {
  readonly accepted: Received[] = [];
  /** Ids in the order accepted (with repeats). */
  readonly ids: string[] = [];
  readonly problems: string[] = [];
  requests = 0;
  /** Answers to give before the normal success, one per request. */
  readonly queued: Answer[] = [];
  /** While set, every request gets this answer. */
  answer: Answer | null = null;
  /** Once this many records are accepted, later requests wait for release(): a test can stop (or kill) a sender mid-request. */
  holdAfter: number | null = null;
  /** Requests waiting for release(). */
  waiting = 0;
  private held: Promise<void> | null = null;
  private releaseHeld: (() => void) | null = null;
  private server: Server;
  private port = 0;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly kind: 'otlp' | 'hec',
    private readonly token?: string,
  ) {
    this.server = this.makeServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stop listening: senders get ECONNREFUSED until up(). */
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server = this.makeServer();
  }

  async up(): Promise<void> {
    await this.start();
  }

  close(): Promise<void> {
    return this.down();
  }

  /** Let held requests go on (they are then handled as usual: the receiver keeps what they carry). */
  release(): void {
    this.holdAfter = null;
    this.releaseHeld?.();
    this.held = null;
  }

  distinct(): Set<string> {
    return new Set(this.ids);
  }

  private makeServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.requests += 1;
    if (this.holdAfter !== null && this.accepted.length >= this.holdAfter) {
      this.held ??= new Promise((resolve) => (this.releaseHeld = resolve));
      this.waiting += 1;
      await this.held;
      this.waiting -= 1;
    }
    const special = this.queued.shift() ?? this.answer;
    if (special === 'drop') {
      req.socket.destroy();
      return;
    }
    if (special !== null) return send(res, special);
    send(res, this.kind === 'otlp' ? this.otlp(req, body) : this.hec(req, body));
  }

  private otlp(req: IncomingMessage, body: string): Reply {
    const bad = (message: string): Reply => {
      this.problems.push(message);
      return { status: 400, body: JSON.stringify({ code: 3, message }), headers: { 'content-type': 'application/json' } };
    };
    if (req.method !== 'POST' || req.url !== '/v1/logs') return bad(`${req.method ?? ''} ${req.url ?? ''}: expected POST /v1/logs`);
    if (req.headers['content-type'] !== 'application/json') return bad(`content-type ${req.headers['content-type'] ?? 'missing'}`);
    if (this.token !== undefined && req.headers['api-key'] !== this.token) return { status: 401, body: '{"message":"missing or wrong api-key"}' };
    const parsed = ExportLogsServiceRequest.safeParse(safeJson(body));
    if (!parsed.success) return bad(`not an ExportLogsServiceRequest: ${parsed.error.message}`);
    for (const rl of parsed.data.resourceLogs) {
      const resource = flatten(rl.resource.attributes);
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          if (!('stringValue' in record.body)) return bad('body is not a stringValue');
          const wire = WireEntrySchema.safeParse(safeJson(record.body.stringValue));
          if (!wire.success) return bad(`body is not an entry line: ${wire.error.message}`);
          this.record({ wire: wire.data, attributes: flatten(record.attributes), resource });
        }
      }
    }
    return { status: 200, body: '{}', headers: { 'content-type': 'application/json' } };
  }

  private hec(req: IncomingMessage, body: string): Reply {
    const answer = (status: number, code: number, text: string): Reply => ({ status, body: JSON.stringify({ text, code }) });
    if (req.method !== 'POST' || req.url !== '/services/collector/event') return { status: 404, body: '{"text":"The requested URL was not found","code":404}' };
    const auth = req.headers.authorization;
    if (auth === undefined) return answer(401, 2, 'Token is required');
    if (!auth.startsWith('Splunk ')) return answer(401, 3, 'Invalid authorization');
    if (auth.slice('Splunk '.length) !== this.token) return answer(403, 4, 'Invalid token');
    const objects = concatenatedJson(body);
    if (objects === null || objects.length === 0) return answer(400, objects === null ? 6 : 5, objects === null ? 'Invalid data format' : 'No data');
    const batch: Received[] = [];
    for (const [i, o] of objects.entries()) {
      const envelope = HecEnvelope.safeParse(o);
      const wire = envelope.success ? WireEntrySchema.safeParse(envelope.data.event) : null;
      if (!envelope.success || wire === null || !wire.success) {
        this.problems.push(`event ${i}: ${envelope.success ? (wire?.error?.message ?? '') : envelope.error.message}`);
        return { status: 400, body: JSON.stringify({ text: 'Invalid data format', code: 6, 'invalid-event-number': i }) };
      }
      const { host, source, sourcetype } = envelope.data;
      batch.push({ wire: wire.data, attributes: { host, source, sourcetype, time: String(envelope.data.time) }, resource: {} });
    }
    for (const r of batch) this.record(r);
    return answer(200, 0, 'Success');
  }

  private record(r: Received): void {
    this.accepted.push(r);
    this.ids.push(r.wire.id);
  }
}

function send(res: ServerResponse, a: Reply): void {
  res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
  res.end(a.body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatten(attrs: readonly z.infer<typeof KeyValue>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of attrs)
    out[key] = 'stringValue' in value ? value.stringValue : 'intValue' in value ? value.intValue : String(Object.values(value)[0]);
  return out;
}

/** HEC's batch: JSON objects one after another, white space between allowed; null if it is not that. */
export function concatenatedJson(text: string): unknown[] | null {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    if (text[i] !== '{') return null;
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    const value = safeJson(text.slice(i, j + 1));
    if (value === undefined) return null;
    out.push(value);
    i = j + 1;
  }
  return out;
}

/** Receivers for one test file: started on demand, closed after each test. */
export function useReceivers(): (kind: 'otlp' | 'hec', token?: string) => Promise<Receiver> {
  const started: Receiver[] = [];
  afterEach(async () => {
    for (const r of started.splice(0)) await r.close();
  });
  return async (kind, token) => {
    const r = await new Receiver(kind, token).start();
    started.push(r);
    return r;
  };
}
