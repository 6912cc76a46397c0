import { decideAction } from '../../shared/approvals';
import { own, type ActionRecord } from '../../shared/state';
import { firstMissingSecret, needsSecret, retryDecision, type ConnectorFailure, type ConnectorResult } from '../connectors';
import { EntryRefusedError } from '../workspace';
import type { DispatchContext } from './context';
import { resolveAction } from './resolve';

// One dispatch of one action, in the order that makes a crash safe:
//   1. journal action.attempt (signed; the fold re-checks the policy),
//   2. mark the outbox row "sending attempt N",
//   3. send, with idempotency key = the action's request entry id,
//   4. journal action.result, then settle the row.
// A crash before 2 means "never sent"; after 2 and before 4, "maybe sent":
// recover() below tells the two apart.

export type AttemptOutcome = 'sent' | 'skipped';

function failureText(e: ConnectorFailure): string {
  return e.vendorMessage !== null && !e.message.includes(e.vendorMessage) ? `${e.message}: ${e.vendorMessage}` : e.message;
}

/** Journal an entry; false if the fold refused it (another process got there first). */
function tryAppend(d: DispatchContext, id: string, write: () => void): boolean {
  try {
    write();
    return true;
  } catch (err) {
    if (!(err instanceof EntryRefusedError)) throw err;
    d.log(`dispatch: ${id.slice(0, 8)}: ${err.message}`);
    d.journal.catchUp();
    return false;
  }
}

/** Record a failure that happened before anything could be sent (bad parameters, no connector), as attempt + final result. */
function failUnsent(d: DispatchContext, action: ActionRecord, rule: string | null, override: boolean, message: string): void {
  const attempt = action.attempts.length + 1;
  const ok = tryAppend(d, action.id, () => {
    d.journal.append('action.attempt', { action: action.id, attempt, policy: action.policy, rule, override });
    d.journal.append('action.result', { action: action.id, attempt, outcome: 'failed', final: true, message: `not sent: ${message}` });
  });
  if (ok) d.outbox.update(action.id, { state: 'failed', attempts: attempt, lastError: message, reason: null, sendingAttempt: null }, d.clock.now());
  d.log(`dispatch: ${action.id.slice(0, 8)} failed before sending: ${message}`);
}

/** Send an action the policy allows now. The caller holds the send lease. */
export async function attempt(d: DispatchContext, action: ActionRecord): Promise<AttemptOutcome> {
  const now = d.clock.now();
  const decision = decideAction(d.journal.state, action, now);
  if (decision === null || decision.decision !== 'allowed') return 'skipped';
  const resolved = resolveAction(d.connectors, d.journal.state, action, d.journal.requestParams(action.id));
  if (typeof resolved === 'string') {
    failUnsent(d, action, decision.rule, decision.override, resolved);
    return 'sent';
  }
  // A missing credential is the operator's to fix, not a failure of the action: it waits,
  // approved as it is, with the command that fixes it, and goes out once the secret is set.
  const missing = resolved.connector.secretNames === undefined ? null : await firstMissingSecret(d.secrets, resolved.connector.secretNames(resolved.params));
  if (missing !== null) {
    waitForSecret(d, action.id, missing);
    return 'skipped';
  }
  const n = action.attempts.length + 1;
  const ok = tryAppend(d, action.id, () =>
    d.journal.append('action.attempt', { action: action.id, attempt: n, policy: action.policy, rule: decision.rule, override: decision.override }),
  );
  if (!ok) return 'skipped';
  d.outbox.update(action.id, { state: 'sending', attempts: n, sendingAttempt: n, reason: null }, d.clock.now());
  const where = resolved.sandboxed ? `sandbox (exercise; requested ${action.connector})` : action.connector;
  d.log(`dispatch: ${action.id.slice(0, 8)} attempt ${n} -> ${where} ${action.operation}${decision.override ? ' (BREAK-GLASS)' : ''}`);
  let result: ConnectorResult;
  try {
    result = await resolved.connector.execute(resolved.params, {
      idempotencyKey: action.id,
      secrets: d.secrets,
      http: d.http,
      clock: d.clock,
      timeoutMs: d.timeoutMs,
      requestedAt: action.requestedAt,
    });
  } catch (err) {
    // Connectors return failures; a throw is a bug, but its outcome is as unknown as a crash's.
    result = {
      ok: false,
      error: {
        kind: 'network',
        message: `connector threw: ${(err as Error).message}`,
        retryable: false,
        retryAfterMs: null,
        status: null,
        vendorMessage: null,
      },
    };
  }
  d.afterSend?.(action.id);
  settle(d, action.id, n, result);
  return 'sent';
}

/** Park the row until the secret is set; logged once per reason, not on every pass. */
function waitForSecret(d: DispatchContext, id: string, name: string): void {
  const reason = needsSecret(name);
  if (d.outbox.get(id)?.reason === reason) return;
  d.outbox.update(id, { state: 'pending', nextAttemptAt: 0, reason }, d.clock.now());
  d.log(`dispatch: ${id.slice(0, 8)} waits: ${reason}`);
}

/** Journal the result of attempt n and set the row for what comes next. */
function settle(d: DispatchContext, id: string, n: number, result: ConnectorResult): void {
  const now = d.clock.now();
  if (result.ok) {
    const v = result.value;
    tryAppend(d, id, () =>
      d.journal.append('action.result', { action: id, attempt: n, outcome: 'succeeded', final: true, message: v.summary, httpStatus: v.status }),
    );
    d.outbox.update(id, { state: 'done', sendingAttempt: null, lastError: null, reason: null, undo: v.undo ?? null }, now);
    d.log(`dispatch: ${id.slice(0, 8)} attempt ${n} succeeded: ${v.summary}`);
    return;
  }
  const e = result.error;
  if (e.missingSecret !== undefined) {
    // The secret went away between the check and the send (nothing was sent): not final, the action waits for it.
    tryAppend(d, id, () =>
      d.journal.append('action.result', { action: id, attempt: n, outcome: 'failed', final: false, message: e.message.slice(0, 4000), httpStatus: null }),
    );
    d.outbox.update(id, { sendingAttempt: null, lastError: e.message }, now);
    waitForSecret(d, id, e.missingSecret);
    return;
  }
  const next = retryDecision(d.retry, n, e, d.random);
  // Say why it stops when it stops for a reason other than the failure itself (attempts used up, Retry-After too long).
  const message = next.retry || !e.retryable ? failureText(e) : `${failureText(e)} (${next.reason.split(':')[0] ?? next.reason})`;
  tryAppend(d, id, () =>
    d.journal.append('action.result', { action: id, attempt: n, outcome: 'failed', final: !next.retry, message: message.slice(0, 4000), httpStatus: e.status }),
  );
  if (next.retry) {
    d.outbox.update(
      id,
      {
        state: e.kind === 'network' ? 'offline' : 'retrying',
        sendingAttempt: null,
        lastError: message,
        nextAttemptAt: now + next.delayMs,
        reason: `attempt ${n} failed; next try in ${Math.ceil(next.delayMs / 1000)} s`,
      },
      now,
    );
  } else {
    d.outbox.update(id, { state: 'failed', sendingAttempt: null, lastError: message, reason: next.reason }, now);
  }
  d.log(`dispatch: ${id.slice(0, 8)} attempt ${n} failed${next.retry ? ` (retry in ${next.delayMs} ms)` : ' for good'}: ${message}`);
}

/**
 * An attempt is journaled without a result and nobody is sending it: this
 * process (or one before it) stopped mid-dispatch. Never sent: record that
 * and send again. Maybe sent: send again with the same idempotency key only
 * if the target deduplicates; otherwise record an unknown outcome for a human.
 */
export function recover(d: DispatchContext, action: ActionRecord): 'resend' | 'unknown' {
  const last = action.attempts[action.attempts.length - 1];
  if (last === undefined) return 'resend';
  const row = d.outbox.get(action.id);
  const maybeSent = row?.sendingAttempt === last.attempt;
  const now = d.clock.now();
  const raw = d.journal.requestParams(action.id);
  const resolved = resolveAction(d.connectors, d.journal.state, action, raw);
  const dedups = typeof resolved !== 'string' && (resolved.sandboxed || d.deduplicates(action.connector, resolved.raw));
  if (!maybeSent || dedups) {
    const message = maybeSent
      ? 'the dispatcher stopped after sending and before recording the outcome; re-sending with the same idempotency key (the target deduplicates)'
      : 'the dispatcher stopped after journaling the attempt and before sending; sending again';
    tryAppend(d, action.id, () => d.journal.append('action.result', { action: action.id, attempt: last.attempt, outcome: 'failed', final: false, message }));
    d.outbox.update(action.id, { state: 'pending', sendingAttempt: null, nextAttemptAt: 0, lastError: message, reason: null }, now);
    d.log(`dispatch: ${action.id.slice(0, 8)} recovered attempt ${last.attempt}: ${message}`);
    return 'resend';
  }
  const message =
    `unknown outcome - needs a human: attempt ${last.attempt} was sent to ${action.connector} but the dispatcher stopped before recording what happened, ` +
    `and ${action.connector} does not deduplicate, so it was not sent again. Check the target; request the action again if it did not happen.`;
  tryAppend(d, action.id, () => d.journal.append('action.result', { action: action.id, attempt: last.attempt, outcome: 'unknown', final: true, message }));
  d.outbox.update(action.id, { state: 'unknown', sendingAttempt: null, lastError: message, reason: 'unknown outcome: a human must check the target' }, now);
  d.log(`dispatch: ${action.id.slice(0, 8)} ${message}`);
  return 'unknown';
}

export function actionOf(d: DispatchContext, id: string): ActionRecord | undefined {
  const actions = d.journal.state.actions;
  return actions === undefined ? undefined : own(actions, id);
}
