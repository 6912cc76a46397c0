import {
  SYNC_UNAVAILABLE,
  type ApiClient,
  type MethodName,
  type ParamsOf,
  type Result,
  type ResultOf,
  type StateChangedEvent,
  type SyncChangedEvent,
  type SyncStatus,
  type TimelineEntry,
} from '../../../shared/api';
import type { ServiceStatus, TaskStatus, WorkspaceState } from '../../../shared/state';
import { hex64, ME } from './fixtures';

// An in-memory ApiClient: a test double for the transport. It answers the
// contract's methods from a WorkspaceState it holds, applies the few kinds the
// UI writes, records every call, and pushes `state:changed` like the host.

type Call = { method: MethodName; params: unknown };

export class FakeApi implements ApiClient {
  readonly calls: Call[] = [];
  private readonly stateListeners = new Set<(e: StateChangedEvent) => void>();
  private readonly connectionListeners = new Set<(s: 'connecting' | 'online' | 'offline') => void>();
  private readonly syncListeners = new Set<(e: SyncChangedEvent) => void>();
  /** What sync:status answers; pushSync changes it and tells the listeners. */
  sync: SyncStatus = SYNC_UNAVAILABLE;
  /** Answers for the capability methods a test uses (playbooks:*, actions:*, …); any other is unknown_method. */
  readonly extra: { [M in MethodName]?: (params: ParamsOf<M>) => Result<ResultOf<M>> } = {};
  private version = 0;
  private nextEntry = 1_000_000;

  constructor(
    public state: WorkspaceState,
    public journal: TimelineEntry[] = [],
  ) {}

  appends(): { kind: string; body: Record<string, unknown> }[] {
    return this.calls.filter((c) => c.method === 'journal:append').map((c) => c.params as { kind: string; body: Record<string, unknown> });
  }

  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>> {
    this.calls.push({ method, params });
    return this.answer(method, params) as Result<ResultOf<M>>;
  }

  onStateChanged(listener: (event: StateChangedEvent) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onSyncChanged(listener: (event: SyncChangedEvent) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  pushSync(status: SyncStatus): void {
    this.sync = status;
    for (const l of this.syncListeners) l({ type: 'sync:changed', status });
  }

  onConnection(listener: (status: 'connecting' | 'online' | 'offline') => void): () => void {
    this.connectionListeners.add(listener);
    listener('online');
    return () => this.connectionListeners.delete(listener);
  }

  setConnection(status: 'connecting' | 'online' | 'offline'): void {
    for (const l of this.connectionListeners) l(status);
  }

  /** Change the state as another client would, and push the event (with the entries that made the change, if given). */
  mutate(change: (state: WorkspaceState) => void, added: TimelineEntry[] = []): void {
    change(this.state);
    this.emit(added);
  }

  /** A hash per version (the fake never folds, so it cannot compute the real one). */
  private hash(): string {
    return hex64(this.version);
  }

  private emit(added: TimelineEntry[]): void {
    this.version++;
    // The fake changes its state directly rather than by folding entries, so every event tells
    // the store to fetch the state again, as a host does after it reopened its journal.
    const base = { lastKey: null, count: this.journal.length - added.length };
    const event: StateChangedEvent = {
      type: 'state:changed',
      stateHash: this.hash(),
      entries: this.journal.length,
      added,
      base,
      resync: 'reopened',
      more: false,
    };
    for (const l of this.stateListeners) l(event);
  }

  private answer(method: MethodName, params: unknown): Result<unknown> {
    switch (method) {
      case 'session:get':
        return { ok: true, value: { workspaceId: 'f'.repeat(32), workspaceName: 'Demo', me: ME, transport: 'websocket' } };
      case 'state:get':
        return {
          ok: true,
          value: { stateHash: this.hash(), entries: this.journal.length, lastKey: null, count: this.journal.length, state: structuredClone(this.state) },
        };
      case 'journal:page': {
        const p = params as { before?: string; limit?: number; kinds?: string[]; author?: string };
        const all = this.journal.filter(
          (e) => (p.kinds === undefined || p.kinds.includes(e.header.kind)) && (p.author === undefined || e.header.author === p.author),
        );
        const end = p.before === undefined ? all.length : all.findIndex((e) => e.id === p.before);
        const limit = p.limit ?? 200;
        return { ok: true, value: { entries: all.slice(Math.max(0, end - limit), end), total: all.length } };
      }
      case 'journal:append':
        return this.append(params as { kind: string; body: Record<string, unknown> });
      case 'sync:status':
        return { ok: true, value: this.sync };
      case 'peers:add': {
        const p = params as { url: string; insecure?: boolean };
        const peer = {
          url: p.url,
          direction: 'outbound',
          status: 'connecting',
          reason: null,
          insecure: p.insecure ?? false,
          device: null,
          lastSeen: null,
          weLack: null,
          theyLack: null,
        } as const;
        this.pushSync({ ...this.sync, available: true, peers: [...this.sync.peers, peer] });
        return { ok: true, value: this.sync };
      }
      case 'peers:remove':
        this.pushSync({ ...this.sync, peers: this.sync.peers.filter((x) => x.url !== (params as { url: string }).url) });
        return { ok: true, value: this.sync };
      default: {
        const answer = this.extra[method] as ((p: unknown) => Result<unknown>) | undefined;
        return answer ? answer(params) : { ok: false, error: { code: 'unknown_method', message: `FakeApi has no answer for ${method}` } };
      }
    }
  }

  private append({ kind, body }: { kind: string; body: Record<string, unknown> }): Result<unknown> {
    const id = hex64(this.nextEntry++);
    const s = this.state;
    if (kind === 'service.status') {
      const service = s.services[body.service as string];
      if (service === undefined) return { ok: false, error: { code: 'refused', message: 'unknown service' } };
      service.status = body.status as ServiceStatus;
      service.history.unshift({ status: service.status, at: 1_700_000_100_000, by: ME, reason: String(body.reason ?? ''), entry: id });
    } else if (kind === 'task.create') {
      s.tasks[id] = {
        id,
        incident: body.incident as string,
        title: body.title as string,
        description: '',
        assignee: (body.assignee as WorkspaceState['tasks'][string]['assignee']) ?? null,
        status: 'open',
        due: (body.due as number | null) ?? null,
        createdAt: 1_700_000_100_000,
        createdBy: ME,
        updatedAt: 1_700_000_100_000,
      };
    } else if (kind === 'task.status') {
      const task = s.tasks[body.task as string];
      if (task) task.status = body.status as TaskStatus;
    }
    const entry: TimelineEntry = {
      id,
      header: {
        v: 1,
        ws: 'f'.repeat(32),
        author: ME,
        seq: this.nextEntry,
        prev: hex64(1),
        hlc: { wall: 1_700_000_100_000, count: 0 },
        kind,
        bodyHash: 'c'.repeat(64),
      },
      body: body as TimelineEntry['body'],
      redactedBy: null,
      rejected: null,
    };
    this.journal.push(entry);
    queueMicrotask(() => this.emit([entry]));
    return { ok: true, value: { id, stateHash: hex64(this.version + 1) } };
  }
}
