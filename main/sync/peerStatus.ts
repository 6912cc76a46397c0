import type { FederationStatus, PeerStatus, SyncStatus } from '../../shared/api';
import { missingCount, type VersionVector } from '../../shared/sync';
import type { Equivocation } from '../journal';
import type { Reconnector } from './reconnect';
import type { PeerSession } from './session';

// The second job of peer sync (PeerSync, peerSync.ts, does the first: keep the
// links): what the UI and `commandpost peer list` show of them. Pure: built
// from the links, the live sessions and this side's vector.

/** A listed peer: the URL this host dials, and what is known of it. */
export interface PeerLink {
  url: string;
  insecure: boolean;
  /** null: the URL is refused by the transport policy, so it is never dialled. */
  reconnector: Reconnector | null;
  reason: string | null;
  device: string | null;
  lastSeen: number | null;
  /** What the peer held when last heard from: lag is still known while it is away. */
  peerVv: VersionVector | null;
  /** Why an exercise's network partition keeps this peer away (not dialled until it heals), or null. */
  cut: string | null;
}

export interface StatusInput {
  links: readonly PeerLink[];
  sessions: readonly PeerSession[];
  ours: VersionVector;
  now: number;
  syncUrl: string | null;
  equivocations: Equivocation[];
  federation: FederationStatus | null;
}

/** Outbound links first (listed peers), then inbound sessions nobody dialled from here. */
export function syncStatus(input: StatusInput): SyncStatus {
  const { links, sessions, ours, now } = input;
  const peers: PeerStatus[] = links.map((l) => peerStatus(l, ours));
  const outbound = new Set(links.map((l) => l.reconnector?.session ?? null));
  for (const s of sessions) {
    if (outbound.has(s) || s.state !== 'live') continue;
    const vv = s.peerVersionVector;
    peers.push({
      url: s.label,
      direction: 'inbound',
      status: 'connected',
      reason: null,
      insecure: false,
      device: s.peer,
      lastSeen: now,
      weLack: missingCount(vv, ours),
      theyLack: missingCount(ours, vv),
    });
  }
  return {
    available: true,
    online: peers.some((p) => p.status === 'connected') || input.federation?.state === 'connected',
    syncUrl: input.syncUrl,
    peers,
    waiting: Math.max(0, ...peers.map((p) => p.theyLack ?? 0)),
    progress: catchUp(sessions),
    equivocations: input.equivocations,
    federation: input.federation,
  };
}

export function peerStatus(l: PeerLink, ours: VersionVector): PeerStatus {
  const r = l.reconnector;
  const status = r === null || r.status === 'waiting' || l.cut !== null ? 'failed' : r.session?.state === 'live' ? 'connected' : 'connecting';
  return {
    url: l.url,
    direction: 'outbound',
    status,
    reason: status === 'connected' ? null : (l.cut ?? l.reason),
    insecure: l.insecure,
    device: l.device,
    lastSeen: l.lastSeen,
    weLack: l.peerVv === null ? null : missingCount(l.peerVv, ours),
    theyLack: l.peerVv === null ? null : missingCount(ours, l.peerVv),
  };
}

/** Entries still arriving, summed over the sessions catching up; null when none is. */
function catchUp(sessions: readonly PeerSession[]): SyncStatus['progress'] {
  let received = 0;
  let total = 0;
  for (const s of sessions) {
    const p = s.progress;
    if (s.state !== 'live' || p.received >= p.total) continue;
    received += p.received;
    total += p.total;
  }
  return total === 0 ? null : { received, total };
}
