import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpRequestSpec } from './connector';

// One small HTTP client for every connector. node:http(s) rather than fetch
// because the Kubernetes connector needs a cluster CA and client
// certificates, which Node's fetch cannot take without undici internals.

export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  /** Only ever from a kubeconfig that says insecure-skip-tls-verify. */
  rejectUnauthorized?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface HttpOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  tls?: TlsOptions;
}

export type HttpClient = (req: HttpRequestSpec, opts: HttpOptions) => Promise<HttpResponse>;

/** The request did not finish within its timeout. */
export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

const MAX_BODY = 1_000_000;

export const nodeHttp: HttpClient = (req, opts) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const url = new URL(req.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== null) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = send(url, { method: req.method, headers, ...(url.protocol === 'https:' ? (opts.tls ?? {}) : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // Vendors' error bodies are small; anything huge is cut rather than held in memory.
        if (size <= MAX_BODY) chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => r.destroy(new HttpTimeoutError(opts.timeoutMs)), opts.timeoutMs);
    const onAbort = () => r.destroy(new Error('aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    r.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    if (req.body !== null) r.write(req.body);
    r.end();
  });
