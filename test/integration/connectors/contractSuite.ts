// The scenarios every vendor connector goes through against its contract
// server: success, a 4xx carrying the vendor's message, 429 with
// Retry-After, 5xx then success, persistent 5xx (give up), a timeout, and
// "no secret anywhere". Retries are real: withRetries drives real requests
// against the server, with the waits shortened by an injected sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { nodeHttp, staticSecrets, withRetries, type Connector, type ConnectorResult, type ExecuteContext } from '../../../main/connectors';
import { startContractServer, type ContractServer, type Reply } from './contractServer';
import type { ReceivedRequest } from './specValidator';

export interface ContractDef {
  name: string;
  check: (req: ReceivedRequest) => string[];
  connector: (baseUrl: string) => Connector;
  params: unknown;
  /** The secret store; a function of the server's URL where a secret is a URL (a Teams webhook). */
  secrets: Record<string, string> | ((baseUrl: string) => Record<string, string>);
  /** The replies of one successful execution (Kubernetes scale makes two requests). */
  ok: Reply[];
  /** A 4xx reply in the vendor's error format, and the vendor message it should surface. */
  clientError: { reply: Reply; vendorMessage: string };
  /** The retryable error body this vendor sends with 429/5xx. */
  errorBody?: unknown;
  /** Extra checks on the requests of a successful run. */
  inspect?: (received: ReceivedRequest[]) => void;
  /** The vendor's own documented "try again later" answers: each, then success, takes two attempts (waiting delayMs when given). */
  retryLater?: { name: string; reply: Reply; delayMs?: number }[];
  /** Parameters over a documented vendor limit: validate() refuses them, naming the field and the limit, and nothing is sent. */
  overLimits?: { name: string; params: unknown; message: RegExp }[];
}

export const KEY = 'f'.repeat(64);
const POLICY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 10_000 };

export function contractSuite(def: ContractDef): void {
  describe(`${def.name} contract`, () => {
    let server: ContractServer;
    let connector: Connector;
    const clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 0));
    let secrets: Record<string, string> = {};
    let secretValues: string[] = [];
    const ctx = (timeoutMs = 2000): ExecuteContext => ({
      idempotencyKey: KEY,
      secrets: staticSecrets(secrets),
      http: nodeHttp,
      clock,
      timeoutMs,
      requestedAt: clock.now(),
    });

    beforeAll(async () => {
      server = await startContractServer(def.check, { hangMs: 1500 });
      connector = def.connector(server.url);
      secrets = typeof def.secrets === 'function' ? def.secrets(server.url) : def.secrets;
      secretValues = Object.values(secrets);
    });
    afterAll(() => server.close());

    async function run(replies: Reply[], timeoutMs?: number): Promise<{ result: ConnectorResult; attempts: number; gaveUp: string | null; delays: number[] }> {
      server.script(replies);
      const delays: number[] = [];
      const out = await withRetries(() => connector.execute(connector.validate(def.params), ctx(timeoutMs)), {
        policy: POLICY,
        random: () => 0.5,
        sleep: (ms) => {
          delays.push(ms);
          return new Promise((resolve) => setTimeout(resolve, 1));
        },
      });
      // Every request the connector sent conforms to the vendor's schema.
      expect(server.received.flatMap((r) => r.problems)).toEqual([]);
      for (const s of secretValues) expect(JSON.stringify(out)).not.toContain(s);
      return { ...out, delays };
    }

    it('sends requests that conform to the published schema and reports success', async () => {
      const out = await run(def.ok);
      expect(out.result.ok).toBe(true);
      expect(out.attempts).toBe(1);
      expect(server.received).toHaveLength(def.ok.length);
      def.inspect?.(server.received);
    });

    it('turns a refused request (4xx; for Slack, ok: false) into a failed result carrying the vendor message, without retrying', async () => {
      const out = await run([def.clientError.reply]);
      expect(out.result).toMatchObject({ ok: false, error: { retryable: false, vendorMessage: def.clientError.vendorMessage } });
      expect(out.result.ok ? '' : out.result.error.message).toContain(def.clientError.vendorMessage);
      expect(out.attempts).toBe(1);
      expect(server.received).toHaveLength(1);
    });

    it('waits as long as a 429 Retry-After says, then succeeds', async () => {
      const out = await run([{ status: 429, headers: { 'retry-after': '2' }, body: def.errorBody }, ...def.ok]);
      expect(out.result.ok).toBe(true);
      expect(out.attempts).toBe(2);
      expect(out.delays).toEqual([2000]);
    });

    it('retries a 5xx with backoff, then succeeds', async () => {
      const out = await run([{ status: 503, body: def.errorBody }, { status: 502, body: def.errorBody }, ...def.ok]);
      expect(out).toMatchObject({ attempts: 3, gaveUp: null, result: { ok: true } });
      expect(out.delays).toEqual([4, 8]); // equal jitter (shared/clock/backoff) at 0.5 of 5 ms and 10 ms: half fixed, half random
    });

    it('gives up after the attempt limit on a persistent 5xx', async () => {
      const out = await run([{ status: 500, body: def.errorBody }]);
      expect(out.result).toMatchObject({ ok: false, error: { status: 500, retryable: true } });
      expect(out.attempts).toBe(3);
      expect(out.gaveUp).toMatch(/^gave up after 3 attempts/);
      expect(server.received).toHaveLength(3);
    });

    it('treats a timeout as retryable and tries again', async () => {
      const out = await run(['hang', ...def.ok], 300);
      expect(out.result.ok).toBe(true);
      expect(out.attempts).toBe(2);
    });

    for (const r of def.retryLater ?? []) {
      it(`treats ${r.name} as "try again later", then succeeds`, async () => {
        const out = await run([r.reply, ...def.ok]);
        expect(out).toMatchObject({ attempts: 2, gaveUp: null, result: { ok: true } });
        if (r.delayMs !== undefined) expect(out.delays).toEqual([r.delayMs]);
      });
    }

    for (const l of def.overLimits ?? []) {
      it(`refuses ${l.name} before anything is sent`, () => {
        server.script(def.ok);
        expect(() => connector.validate(l.params)).toThrow(l.message);
        expect(() => connector.validate(l.params)).toThrow(/invalid parameters/);
        expect(server.received).toHaveLength(0);
      });
    }

    it('keeps configured secrets out of the preview', () => {
      const preview = JSON.stringify(connector.preview(connector.validate(def.params)));
      for (const s of secretValues) expect(preview).not.toContain(s);
      expect(preview).toContain('<secret:');
    });
  });
}
