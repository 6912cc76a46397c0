import type { z } from 'zod';
import type { Clock } from '../../shared/clock';
import type { JsonValue } from '../../shared/canonical';
import type { HttpClient } from './http';
import type { SecretSource } from './secrets';

// The one contract every connector implements. Parameters are journaled (in
// action.request), so they never hold secrets: a connector's configuration
// names the secrets it needs and execute() fetches them from the SecretStore
// through ctx.secrets. Nothing a connector returns (preview, result, failure)
// may contain a secret value; failures are data, so a dispatcher can journal
// them and decide about retrying without parsing messages.

/** An HTTP request exactly as it would be sent (secrets masked in previews). */
export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface ConnectorPreview {
  /** What will happen, for the approver. */
  text: string;
  /** The request that would be sent, secrets masked; null for connectors that do not speak HTTP. */
  request: HttpRequestSpec | null;
  /** For the local command connector: the argv that would run. */
  argv?: string[];
}

export interface ExecuteContext {
  /** The action's entry id: the same on every retry, sent where the vendor deduplicates on it. */
  idempotencyKey: string;
  secrets: SecretSource;
  http: HttpClient;
  clock: Clock;
  signal?: AbortSignal;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /**
   * When the action was requested. Connectors that stamp a time into what
   * they send (a rollout restart) use this rather than the clock, so a retry
   * sends the very same request and the target sees nothing new.
   */
  requestedAt?: number;
}

export type FailureKind = 'http' | 'vendor' | 'network' | 'timeout' | 'config' | 'invalid' | 'exit' | 'aborted';

export interface ConnectorFailure {
  kind: FailureKind;
  /** One line for the timeline, secrets removed. */
  message: string;
  retryable: boolean;
  /** The secret-store name that was missing, when that is why nothing was sent (the action waits for it). */
  missingSecret?: string;
  /** From Retry-After, when the vendor said when to come back. */
  retryAfterMs: number | null;
  status: number | null;
  /** The vendor's own error text, when it gave one (secrets removed). */
  vendorMessage: string | null;
}

export interface ConnectorSuccess {
  /** One line for the timeline. */
  summary: string;
  status: number | null;
  /** Small, secret-free facts from the response (ids, keys) for the result entry. */
  data: Record<string, JsonValue>;
  /** What rollback() needs, when the connector can undo this. */
  undo?: Record<string, JsonValue>;
}

export type FailedResult = { ok: false; error: ConnectorFailure };
export type ConnectorResult = { ok: true; value: ConnectorSuccess } | FailedResult;

export interface Connector<P extends { operation: string } = { operation: string }> {
  readonly id: string;
  readonly operations: readonly string[];
  readonly params: z.ZodType<P>;
  /** Parse parameters from outside (a request body, a CLI flag); throws ConnectorParamsError. */
  validate(params: unknown): P;
  preview(params: P): ConnectorPreview;
  /** The secret-store names execute() will read for these parameters, so a dispatcher can wait for a missing one before sending. */
  secretNames?(params: P): string[];
  execute(params: P, ctx: ExecuteContext): Promise<ConnectorResult>;
  /** Undo a success, where the connector knows how (e.g. scale back). */
  rollback?(params: P, undo: Record<string, JsonValue>, ctx: ExecuteContext): Promise<ConnectorResult>;
}

/** Parameters that do not fit the connector's schema, with where and why. */
export class ConnectorParamsError extends Error {
  constructor(
    readonly connector: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${connector}: invalid parameters${path === '' ? '' : ` at ${path}`}: ${reason}`);
    this.name = 'ConnectorParamsError';
  }
}

/** Shared validate(): zod once, first issue reported with its path. */
export function parseParams<P>(connector: string, schema: z.ZodType<P>, params: unknown): P {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConnectorParamsError(connector, issue?.path.join('.') ?? '', issue?.message ?? 'does not match the schema');
}

export function failure(kind: FailureKind, message: string, extra: Partial<ConnectorFailure> = {}): FailedResult {
  return { ok: false, error: { kind, message, retryable: false, retryAfterMs: null, status: null, vendorMessage: null, ...extra } };
}

export function success(summary: string, extra: Partial<ConnectorSuccess> = {}): ConnectorResult {
  return { ok: true, value: { summary, status: null, data: {}, ...extra } };
}
