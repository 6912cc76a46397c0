import type { ConnectorResult } from '../connectors';
import { actionOf } from './attempt';
import type { DispatchContext } from './context';
import { resolveAction } from './resolve';

// Undo a succeeded action through its connector, where the connector knows
// how (today: a Kubernetes scale goes back to the previous replica count).
// Journaled before sending (action.rollback) and after (action.rollbackResult),
// like a dispatch. Only the executor can do it: it holds the credentials and
// the undo data the connector returned, which stay in its outbox.

export interface RollbackOutcome {
  ok: boolean;
  message: string;
}

export class RollbackError extends Error {
  constructor(
    readonly actionId: string,
    readonly reason: string,
  ) {
    super(`cannot roll back action ${actionId.slice(0, 8)}: ${reason}`);
    this.name = 'RollbackError';
  }
}

export async function rollbackAction(d: DispatchContext, id: string, reason: string): Promise<RollbackOutcome> {
  d.journal.catchUp();
  const action = actionOf(d, id);
  if (action === undefined) throw new RollbackError(id, 'unknown action');
  if (action.executor !== d.journal.me)
    throw new RollbackError(id, `only its executor (${action.executor.slice(0, 8)}) can roll it back; this device is ${d.journal.me.slice(0, 8)}`);
  if (action.status !== 'succeeded') throw new RollbackError(id, `it is ${action.status}; only a succeeded action can be rolled back`);
  const r = resolveAction(d.connectors, d.journal.state, action, d.journal.requestParams(id));
  if (typeof r === 'string') throw new RollbackError(id, r);
  const undo = d.outbox.get(id)?.undo ?? null;
  if (!r.sandboxed) {
    if (r.connector.rollback === undefined) throw new RollbackError(id, `connector ${r.connector.id} cannot undo what it did`);
    if (undo === null)
      throw new RollbackError(id, `${r.connector.id} ${action.operation} left no undo data (only some operations can be undone, e.g. a Kubernetes scale)`);
  }
  d.journal.append('action.rollback', { action: id, reason });
  let result: ConnectorResult;
  if (r.sandboxed || r.connector.rollback === undefined || undo === null) {
    result = { ok: true, value: { summary: 'sandbox: rollback recorded, nothing sent (exercise)', status: null, data: {} } };
  } else {
    result = await r.connector.rollback(r.params, undo, {
      idempotencyKey: `${id}.rollback`,
      secrets: d.secrets,
      http: d.http,
      clock: d.clock,
      timeoutMs: d.timeoutMs,
      requestedAt: action.requestedAt,
    });
  }
  const message = result.ok ? result.value.summary : `${result.error.message}${result.error.vendorMessage ? `: ${result.error.vendorMessage}` : ''}`;
  d.journal.append('action.rollbackResult', { action: id, outcome: result.ok ? 'succeeded' : 'failed', message: message.slice(0, 4000) });
  d.log(`dispatch: ${id.slice(0, 8)} rollback ${result.ok ? 'succeeded' : 'failed'}: ${message}`);
  return { ok: result.ok, message };
}
