import type { Database } from 'better-sqlite3';
import type { PeerStatus } from '../../shared/api';
import { checkPeerUrl } from './connect';

// The `peers` table (journal migration 002): which peers this copy of the
// workspace syncs with, and the status the running host last wrote for each.
// The CLI edits the list; `commandpost serve` reads it every second and
// writes status back, so each side sees the other's changes without talking
// to it. Statements are prepared per call because the host's change feed may
// reopen the workspace (a new database handle) at any time.

export interface PeerRow extends Omit<PeerStatus, 'direction'> {
  addedAt: number;
  /** When the host last wrote this row's status; null if no host ever ran with it. */
  updatedAt: number | null;
}

type Raw = {
  url: string;
  insecure: number;
  added_at: number;
  status: string;
  reason: string | null;
  device: string | null;
  last_seen: number | null;
  we_lack: number | null;
  they_lack: number | null;
  updated_at: number | null;
};

const STATUSES: ReadonlySet<string> = new Set(['new', 'connecting', 'connected', 'failed']);

function fromRaw(r: Raw): PeerRow {
  return {
    url: r.url,
    insecure: r.insecure === 1,
    addedAt: r.added_at,
    status: STATUSES.has(r.status) ? (r.status as PeerStatus['status']) : 'new',
    reason: r.reason,
    device: r.device,
    lastSeen: r.last_seen,
    weLack: r.we_lack,
    theyLack: r.they_lack,
    updatedAt: r.updated_at,
  };
}

/** A peer URL that is not one, or that the transport policy refuses (plain ws:// off loopback without --insecure). */
export class PeerUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeerUrlError';
  }
}

/**
 * Whether a peer link is flagged insecure: --insecure loosens plain ws://
 * only; a wss:// link is encrypted and bound to the peer's device key, so
 * it is never shown as insecure, whatever flag came with it.
 */
export function insecureLink(url: string, insecureFlag: boolean): boolean {
  return insecureFlag && !url.trim().toLowerCase().startsWith('wss:');
}

/** Normalise a peer URL and check it against the transport policy; throws PeerUrlError saying what is wrong. */
export function parsePeerUrl(url: string, insecure: boolean): string {
  let normal: string;
  try {
    normal = normalizePeerUrl(url);
  } catch {
    throw new PeerUrlError(`${JSON.stringify(url)} is not a URL; a peer URL looks like wss://HOST:PORT/sync`);
  }
  try {
    checkPeerUrl(normal, insecure);
  } catch (err) {
    throw new PeerUrlError((err as Error).message);
  }
  return normal;
}

/**
 * One spelling per peer, so `peer remove` finds what `peer add` stored: the
 * WHATWG form of the URL, with /sync filled in when only host:port was given.
 */
export function normalizePeerUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/sync';
  parsed.hash = '';
  return parsed.toString();
}

export type PeerReport = Pick<PeerStatus, 'status' | 'reason' | 'device' | 'lastSeen' | 'weLack' | 'theyLack'>;

export class PeerStore {
  constructor(private readonly db: Database) {}

  list(): PeerRow[] {
    return (this.db.prepare('SELECT * FROM peers ORDER BY added_at, url').all() as Raw[]).map(fromRaw);
  }

  /** Add a peer, or change its insecure flag. Returns whether it was new. */
  add(url: string, insecureFlag: boolean, now: number): boolean {
    const insecure = insecureLink(url, insecureFlag);
    return this.db
      .transaction(() => {
        const known = this.db.prepare('SELECT 1 FROM peers WHERE url = ?').get(url) !== undefined;
        if (known) this.db.prepare('UPDATE peers SET insecure = ? WHERE url = ?').run(insecure ? 1 : 0, url);
        else this.db.prepare('INSERT INTO peers (url, insecure, added_at) VALUES (?, ?, ?)').run(url, insecure ? 1 : 0, now);
        return !known;
      })
      .immediate();
  }

  remove(url: string): boolean {
    return this.db.prepare('DELETE FROM peers WHERE url = ?').run(url).changes > 0;
  }

  /** The host's view of each peer; rows removed meanwhile stay removed. */
  report(reports: ReadonlyMap<string, PeerReport>, now: number): void {
    const update = this.db.prepare(
      'UPDATE peers SET status = ?, reason = ?, device = ?, last_seen = ?, we_lack = ?, they_lack = ?, updated_at = ? WHERE url = ?',
    );
    this.db.transaction(() => {
      for (const [url, r] of reports) update.run(r.status, r.reason, r.device, r.lastSeen, r.weLack, r.theyLack, now, url);
    })();
  }
}
