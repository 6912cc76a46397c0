import type { SyncErrorCode } from '../../shared/sync';

/** What a session reports; `session` is its link's label, `peer` the device key once known. */
export type SyncEvent =
  | { type: 'authenticated'; session: string; peer: string }
  | { type: 'progress'; session: string; peer: string; received: number; total: number }
  | { type: 'stored'; session: string; peer: string; count: number }
  | { type: 'equivocation'; session: string; peer: string; author: string; seq: number; stored: string; conflicting: string }
  | { type: 'refused'; session: string; peer: string; author: string; seq: number; id: string; reason: string }
  | { type: 'rejected'; session: string; peer: string | null; code: SyncErrorCode; message: string }
  | { type: 'remote-error'; session: string; peer: string | null; code: SyncErrorCode; message: string }
  | { type: 'closed'; session: string; peer: string | null; reason: string };

export type SyncEventListener = (event: SyncEvent) => void;

/** One line for a log, saying what happened and with whom. */
export function describeSyncEvent(e: SyncEvent): string {
  const who = 'peer' in e && e.peer !== null ? ` peer ${e.peer}` : '';
  switch (e.type) {
    case 'authenticated':
      return `sync ${e.session}:${who} authenticated`;
    case 'progress':
      return `sync ${e.session}:${who} ${e.received} / ${e.total} entries`;
    case 'stored':
      return `sync ${e.session}:${who} stored ${e.count} entries`;
    case 'equivocation':
      return `sync ${e.session}:${who} EQUIVOCATION by ${e.author} at seq ${e.seq}: ${e.stored} vs ${e.conflicting} (kept as evidence)`;
    case 'refused':
      return `sync ${e.session}:${who} entry ${e.id} (author ${e.author}, seq ${e.seq}) not stored: ${e.reason}`;
    case 'rejected':
      return `sync ${e.session}:${who} closed (${e.code}): ${e.message}`;
    case 'remote-error':
      return `sync ${e.session}:${who} peer reported (${e.code}): ${e.message}`;
    case 'closed':
      return `sync ${e.session}:${who} link closed: ${e.reason}`;
  }
}
