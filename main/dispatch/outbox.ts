import type { Database, Statement } from 'better-sqlite3';
import type { JsonValue } from '../../shared/canonical';

// The durable outbox (table from migration 003). The journal is the record
// of what was attempted and what came of it; a row here is the executor's
// working note: what it is waiting for, when it tries next, who holds the
// send lease, and whether the send of the latest attempt had begun — which
// is what lets a restart tell "never sent" from "maybe sent".

export const OUTBOX_STATES = ['pending', 'waiting-approval', 'offline', 'sending', 'retrying', 'done', 'failed', 'unknown'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
export const FINAL_STATES: readonly OutboxState[] = ['done', 'failed', 'unknown'];

export interface OutboxRow {
  actionId: string;
  state: OutboxState;
  /** Attempts journaled for the action so far. */
  attempts: number;
  /** Not before this time (ms); 0: as soon as possible. */
  nextAttemptAt: number;
  lastError: string | null;
  /** Why it waits, for `action outbox` and the UI. */
  reason: string | null;
  /** The attempt whose send had begun (set before sending, cleared by its result). */
  sendingAttempt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** The connector's undo data from the success, for a rollback. */
  undo: Record<string, JsonValue> | null;
  createdAt: number;
  updatedAt: number;
}

interface Raw {
  action_id: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  reason: string | null;
  sending_attempt: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  undo: string | null;
  created_at: number;
  updated_at: number;
}

const isState = (s: string): s is OutboxState => (OUTBOX_STATES as readonly string[]).includes(s);

function rowOf(r: Raw): OutboxRow {
  return {
    actionId: r.action_id,
    state: isState(r.state) ? r.state : 'pending',
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    reason: r.reason,
    sendingAttempt: r.sending_attempt,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    undo: r.undo === null ? null : (JSON.parse(r.undo) as Record<string, JsonValue>),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type OutboxPatch = Partial<Pick<OutboxRow, 'state' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'reason' | 'sendingAttempt' | 'undo'>>;

const COLUMNS: Record<keyof OutboxPatch, string> = {
  state: 'state',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  reason: 'reason',
  sendingAttempt: 'sending_attempt',
  undo: 'undo',
};

export class Outbox {
  private readonly insert: Statement;
  private readonly byId: Statement;
  private readonly all: Statement;
  private readonly claimStmt: Statement;
  private readonly releaseStmt: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO outbox (action_id, state, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.byId = db.prepare('SELECT * FROM outbox WHERE action_id = ?');
    this.all = db.prepare('SELECT * FROM outbox ORDER BY created_at, action_id');
    // Taken only when free, expired, ours, or (checked by the caller) held by a process that died.
    this.claimStmt = db.prepare(`UPDATE outbox SET lease_owner = @owner, lease_until = @until, updated_at = @now
      WHERE action_id = @id AND (lease_owner IS NULL OR lease_until < @now OR lease_owner = @owner OR lease_owner = @dead)`);
    this.releaseStmt = db.prepare('UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE action_id = ? AND lease_owner = ?');
  }

  /** Make sure an action has a row; returns it. */
  ensure(actionId: string, now: number): OutboxRow {
    this.insert.run(actionId, 'pending', now, now);
    return this.get(actionId)!;
  }

  get(actionId: string): OutboxRow | null {
    const r = this.byId.get(actionId) as Raw | undefined;
    return r === undefined ? null : rowOf(r);
  }

  list(): OutboxRow[] {
    return (this.all.all() as Raw[]).map(rowOf);
  }

  update(actionId: string, patch: OutboxPatch, now: number): void {
    const keys = (Object.keys(patch) as (keyof OutboxPatch)[]).filter((k) => patch[k] !== undefined);
    const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`);
    const values: Record<string, string | number | null> = { id: actionId, now };
    for (const k of keys) {
      const v = patch[k];
      values[k] = k === 'undo' ? (v === null ? null : JSON.stringify(v)) : (v as string | number | null);
    }
    this.db.prepare(`UPDATE outbox SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE action_id = @id`).run(values);
  }

  /** Take the send lease; `dead` names a holder known to have died (its lease may be taken at once). */
  claim(actionId: string, owner: string, now: number, leaseMs: number, dead: string | null = null): boolean {
    return this.claimStmt.run({ id: actionId, owner, until: now + leaseMs, now, dead: dead ?? '' }).changes === 1;
  }

  release(actionId: string, owner: string): void {
    this.releaseStmt.run(actionId, owner);
  }
}
