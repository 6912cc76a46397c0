import { nodeCrypto } from '../../../main/crypto';
import { SyncNode, WorkspaceJournal, type SyncEvent, type SyncLimits } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { signEntry, toWire, type Signer, type WireEntry } from '../../../shared/journal';
import { newSigner, T0, tempDir } from './peers';
import { RawPeer } from './rawPeer';
import { SimScheduler } from './simScheduler';

/**
 * A workspace under attack: admin A (this device), member M (whose key an
 * attacker may hold), revoked member R, all on virtual time.
 */
export interface Victim {
  sched: SimScheduler;
  ws: Workspace;
  journal: WorkspaceJournal;
  node: SyncNode;
  admin: Signer;
  member: Signer;
  revoked: Signer;
  events: SyncEvent[];
  log: string[];
  /** Count, state hash, version vector and evidence: what must not change. */
  snapshot(): string;
  /** A raw far end attached to the victim's node. */
  connect(): RawPeer;
  /** A correctly signed entry of `signer`'s chain in this workspace (not stored anywhere). */
  forge(signer: Signer, opts: { seq: number; prev: string | null; ws?: string; wall?: number; text?: string }): WireEntry;
}

export function makeVictim(limits: Partial<SyncLimits> = {}): Victim {
  const sched = new SimScheduler(T0);
  const admin = newSigner();
  const member = newSigner();
  const revoked = newSigner();
  const ws = Workspace.create({ dir: tempDir('cp-victim-'), name: 'Victim', creatorName: 'Admin', signer: admin, clock: sched.clock });
  ws.append('roster.memberPut', { member: member.publicKey, name: 'Member', roles: ['responder'], teams: [] });
  ws.append('roster.memberPut', { member: revoked.publicKey, name: 'Revoked', roles: ['responder'], teams: [] });
  ws.append('incident.open', { title: 'Checkout is down', severity: 1 });
  sched.clock.advance(1000);
  ws.append('roster.memberRevoke', { member: revoked.publicKey, reason: 'laptop stolen' });
  sched.clock.advance(1000);
  const journal = new WorkspaceJournal(ws);
  const events: SyncEvent[] = [];
  const log: string[] = [];
  const node = new SyncNode({ journal, signer: admin, clock: sched.clock, timers: sched, limits, log: (line) => log.push(line) });
  node.onEvent((e) => events.push(e));
  return {
    sched,
    ws,
    journal,
    node,
    admin,
    member,
    revoked,
    events,
    log,
    snapshot: () =>
      JSON.stringify({
        count: ws.store.count(),
        hash: ws.stateHash(),
        vv: Object.entries(journal.versionVector()).sort(),
        ev: ws.store.equivocations().length,
      }),
    connect() {
      const raw = new RawPeer(sched);
      node.attach(raw.link);
      return raw;
    },
    forge(signer, opts) {
      const wall = opts.wall ?? sched.now;
      const draft = { ws: opts.ws ?? ws.id, seq: opts.seq, prev: opts.prev, hlc: { wall, count: 0 }, kind: 'note.add' };
      return toWire(signEntry(nodeCrypto, signer, draft, { text: opts.text ?? 'hello from outside', incident: null, service: null }));
    },
  };
}
