import type { ConnectorResult, ExecuteContext, FailedResult, HttpRequestSpec } from './connector';
import type { HttpResponse } from './http';
import { callVendor, type VendorCall } from './httpCall';
import { loadSecrets, scrubResult } from './secrets';

/** One vendor call that needs one secret: what differs from connector to connector. */
export interface SecretCall extends VendorCall {
  /** The secret's name in the store; read at the moment of sending, never earlier. */
  secret: string;
  /** The request, given the secret's value. */
  request: (secret: string) => HttpRequestSpec;
  /** Other forms of the secret that could come back in text (a Basic header, its parts). */
  alsoHide?: (secret: string) => readonly string[];
  /** A failed call, before scrubbing: a vendor's own "later" in a 200 body can be marked retryable here. */
  onFailure?: (result: FailedResult) => void;
  /** The result of a call the vendor accepted. */
  onSuccess: (res: HttpResponse) => ConnectorResult;
}

/**
 * The sequence of every HTTP connector's execute(): read the secret, send,
 * classify the answer, and scrub the secret out of whatever leaves (the
 * result's message and data reach the journal and the console).
 */
export async function callWithSecret(ctx: ExecuteContext, call: SecretCall): Promise<ConnectorResult> {
  const secrets = await loadSecrets(ctx.secrets, [call.secret]);
  if (!secrets.ok) return secrets;
  const value = secrets.values[call.secret] ?? '';
  const hide = [value, ...(call.alsoHide?.(value) ?? [])];
  const out = await callVendor(call.request(value), ctx, call);
  if (!out.ok) call.onFailure?.(out.result);
  return scrubResult(out.ok ? call.onSuccess(out.res) : out.result, hide);
}
