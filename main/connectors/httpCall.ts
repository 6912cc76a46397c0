import { failure, type ExecuteContext, type FailedResult, type HttpRequestSpec } from './connector';
import { HttpTimeoutError, type HttpResponse, type TlsOptions } from './http';
import { isRetryableStatus, parseRetryAfter } from './retry';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface VendorCall {
  /** "Slack", "PagerDuty": for messages. */
  vendor: string;
  tls?: TlsOptions;
  /** The vendor's own error text in a response body, if any. */
  vendorMessage: (res: HttpResponse) => string | null;
  /** Some vendors answer 200 with an error inside (Slack's ok: false). */
  isSuccess?: (res: HttpResponse) => boolean;
  /**
   * A vendor's own "try again later" beyond 408/429/5xx (GitHub's secondary
   * rate limit on 403, a Kubernetes 409 conflict): null when the answer is
   * final, otherwise when to come back (ms from now; null: our own backoff).
   */
  retryLater?: (res: HttpResponse, nowMs: number) => { afterMs: number | null } | null;
}

export type CallOutcome = { ok: true; res: HttpResponse } | { ok: false; result: FailedResult };

/** Send one request and classify what came back as success or a typed failure. */
export async function callVendor(req: HttpRequestSpec, ctx: ExecuteContext, call: VendorCall): Promise<CallOutcome> {
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: HttpResponse;
  try {
    res = await ctx.http(req, { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}), ...(call.tls ? { tls: call.tls } : {}) });
  } catch (err) {
    if (err instanceof HttpTimeoutError) return { ok: false, result: failure('timeout', `${call.vendor}: ${err.message}`, { retryable: true }) };
    if (ctx.signal?.aborted) return { ok: false, result: failure('aborted', `${call.vendor}: cancelled`) };
    const code = (err as { code?: string }).code;
    // Connection-level trouble (refused, reset, DNS) is worth another try; the request never reached the vendor or got no answer.
    return { ok: false, result: failure('network', `${call.vendor}: ${code ?? (err as Error).message}`, { retryable: true }) };
  }
  const ok = res.status >= 200 && res.status < 300 && (call.isSuccess?.(res) ?? true);
  if (ok) return { ok: true, res };
  const vendorMessage = call.vendorMessage(res);
  const is2xx = res.status >= 200 && res.status < 300;
  const later = call.retryLater?.(res, ctx.clock.now()) ?? null;
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], ctx.clock.now()) ?? later?.afterMs ?? null;
  return {
    ok: false,
    result: failure(is2xx ? 'vendor' : 'http', `${call.vendor} answered HTTP ${res.status}${vendorMessage === null ? '' : `: ${vendorMessage}`}`, {
      status: res.status,
      retryable: later !== null || (!is2xx && isRetryableStatus(res.status)),
      retryAfterMs,
      vendorMessage,
    }),
  };
}

/** Parse a JSON body, or null. */
export function jsonBody(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return null;
  }
}

/** A string field of a JSON object body, if present. */
export function field(body: unknown, ...path: string[]): unknown {
  let v: unknown = body;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
