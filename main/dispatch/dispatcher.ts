import type { Clock } from '../../shared/clock';
import { decideAction } from '../../shared/approvals';
import type { ActionRecord } from '../../shared/state';
import { DEFAULT_RETRY, nodeHttp, type AnyConnector, type ConnectorPreview, type HttpClient, type RetryPolicy, type SecretSource } from '../connectors';
import type { Timers } from '../clock';
import { actionOf, attempt, recover } from './attempt';
import type { DispatchContext } from './context';
import type { DedupRule } from './dedup';
import type { DispatchJournal } from './dispatchJournal';
import { leaseOwner, ownerAlive as processAlive } from './lease';
import { FINAL_STATES, type Outbox, type OutboxRow } from './outbox';
import { previewOf, resolveAction } from './resolve';
import { rollbackAction, type RollbackOutcome } from './rollback';

// The executor side of an action (issue 6). Exactly one peer executes an
// action: the one whose key the request names as executor (the requester's
// device unless a dispatcher host was named). Every peer may run a
// Dispatcher; each only ever picks up actions it is the executor of, and the
// fold rejects an attempt or result from anyone else.

export interface DispatcherOptions {
  journal: DispatchJournal;
  outbox: Outbox;
  connectors: ReadonlyMap<string, AnyConnector>;
  secrets: SecretSource;
  clock: Clock;
  timers: Timers;
  random: () => number;
  http?: HttpClient;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Which targets drop a repeated idempotency key (see dedup.ts); default: none. */
  deduplicates?: DedupRule;
  log?: (line: string) => void;
  /** Whether this device can reach the outside now; while false, allowed actions wait as "offline". */
  online?: () => boolean;
  /** How long a send lease lasts (longer than any request's timeout). */
  leaseMs?: number;
  /** How often the loop looks again when nothing is scheduled sooner (approvals arriving by sync also wake it). */
  pollMs?: number;
  owner?: string;
  ownerAlive?: (owner: string) => boolean;
  afterSend?: (actionId: string) => void;
}

export interface DispatchPass {
  /** Actions this pass sent (or settled as failed before sending). */
  sent: string[];
  /** Actions found interrupted mid-send and given an unknown outcome. */
  unknown: string[];
}

const LIVE: readonly string[] = ['pending', 'retrying', 'dispatching', 'rejected'];

export class Dispatcher {
  private readonly ctx: DispatchContext;
  private readonly owner: string;
  private queue: Promise<unknown> = Promise.resolve();
  private cancelTimer: (() => void) | null = null;
  private running = false;

  constructor(private readonly opts: DispatcherOptions) {
    this.owner = opts.owner ?? leaseOwner();
    this.ctx = {
      journal: opts.journal,
      outbox: opts.outbox,
      connectors: opts.connectors,
      secrets: opts.secrets,
      http: opts.http ?? nodeHttp,
      clock: opts.clock,
      random: opts.random,
      retry: opts.retry ?? DEFAULT_RETRY,
      timeoutMs: opts.timeoutMs ?? 10_000,
      deduplicates: opts.deduplicates ?? (() => false),
      log: opts.log ?? (() => undefined),
      afterSend: opts.afterSend,
    };
  }

  /** One pass over the outbox; passes never overlap. */
  runOnce(): Promise<DispatchPass> {
    const run = this.queue.then(() => this.pass());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Pass until nothing is left but what waits on people (approvals) or on the network probe. */
  async drain(maxPasses = 1000): Promise<DispatchPass> {
    const total: DispatchPass = { sent: [], unknown: [] };
    for (let i = 0; i < maxPasses; i++) {
      const pass = await this.runOnce();
      total.sent.push(...pass.sent);
      total.unknown.push(...pass.unknown);
      const due = this.nextRetryAt();
      if (due === null) break;
      await new Promise<void>((resolve) => this.opts.timers.setTimeout(resolve, Math.max(0, due - this.opts.clock.now())));
    }
    return total;
  }

  /** Run passes on the injected timers until stop(); wake() runs one at once. */
  start(): void {
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** The dry run of an action on this device's connectors. */
  preview(actionId: string): ConnectorPreview {
    const action = actionOf(this.ctx, actionId);
    if (action === undefined) throw new Error(`unknown action ${actionId}`);
    const r = resolveAction(this.ctx.connectors, this.ctx.journal.state, action, this.ctx.journal.requestParams(actionId));
    if (typeof r === 'string') throw new Error(r);
    return previewOf(r);
  }

  rollback(actionId: string, reason: string): Promise<RollbackOutcome> {
    return rollbackAction(this.ctx, actionId, reason);
  }

  private schedule(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.opts.timers.setTimeout(() => {
      this.cancelTimer = null;
      void this.runOnce().then(
        () => this.afterTick(),
        (err: unknown) => {
          this.ctx.log(`dispatch: pass failed: ${(err as Error).message}`);
          this.afterTick();
        },
      );
    }, ms);
  }

  private afterTick(): void {
    if (!this.running || this.cancelTimer !== null) return;
    const poll = this.opts.pollMs ?? 2_000;
    const due = this.nextRetryAt();
    this.schedule(due === null ? poll : Math.min(poll, Math.max(0, due - this.opts.clock.now())));
  }

  /** The earliest scheduled retry among this device's rows, or null. */
  private nextRetryAt(): number | null {
    let next: number | null = null;
    for (const r of this.ctx.outbox.list()) {
      if ((r.state === 'retrying' || r.state === 'offline') && r.nextAttemptAt > 0 && (next === null || r.nextAttemptAt < next)) next = r.nextAttemptAt;
    }
    return next;
  }

  private async pass(): Promise<DispatchPass> {
    const out: DispatchPass = { sent: [], unknown: [] };
    const { journal, outbox, clock } = this.ctx;
    journal.catchUp();
    const mine = Object.values(journal.state.actions ?? {})
      .filter((a) => a.executor === journal.me)
      .sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : 1));
    for (const a of mine) {
      const row = outbox.get(a.id);
      if (!LIVE.includes(a.status)) {
        // Settled in the journal (maybe by another process): mirror it.
        if (row !== null && !FINAL_STATES.includes(row.state))
          outbox.update(a.id, { state: a.status === 'succeeded' ? 'done' : a.status === 'unknown' ? 'unknown' : 'failed', reason: null }, clock.now());
        continue;
      }
      await this.handle(a, row ?? outbox.ensure(a.id, clock.now()), out);
    }
    return out;
  }

  private async handle(first: ActionRecord, row: OutboxRow, out: DispatchPass): Promise<void> {
    const { outbox, clock } = this.ctx;
    const now = clock.now();
    if (row.nextAttemptAt > now) return;
    const interrupted = first.status === 'dispatching';
    if (!interrupted && !(this.opts.online?.() ?? true)) {
      outbox.update(first.id, { state: 'offline', nextAttemptAt: 0, reason: 'this device is offline; it goes out when the connection is back' }, now);
      return;
    }
    if (!interrupted) {
      const decision = decideAction(this.ctx.journal.state, first, now);
      if (decision?.decision !== 'allowed') {
        const reason = decision === null ? 'the policy version of this action is unknown' : `${decision.decision}: ${decision.reasons.join('; ')}`;
        outbox.update(first.id, { state: 'waiting-approval', reason, nextAttemptAt: 0 }, now);
        return;
      }
    }
    if (!this.claim(row, now)) return;
    try {
      if (interrupted) {
        if (recover(this.ctx, first) === 'unknown') {
          out.unknown.push(first.id);
          return;
        }
      }
      const action = actionOf(this.ctx, first.id);
      if (action === undefined) return;
      if (interrupted && decideAction(this.ctx.journal.state, action, clock.now())?.decision !== 'allowed') return;
      if ((await attempt(this.ctx, action)) === 'sent') out.sent.push(action.id);
    } finally {
      outbox.release(first.id, this.owner);
    }
  }

  /** The send lease; a holder that is alive and within its lease keeps it. */
  private claim(row: OutboxRow, now: number): boolean {
    const holder = row.leaseOwner;
    const alive = this.opts.ownerAlive ?? processAlive;
    const dead = holder !== null && holder !== this.owner && !alive(holder) ? holder : null;
    return this.ctx.outbox.claim(row.actionId, this.owner, now, this.opts.leaseMs ?? 5 * 60_000, dead);
  }
}
