import type { SyncStatus } from '../../shared/api';
import { useSyncStore } from './store';

/** What the header says about peer sync: one line, in words, not only colour. */
export function syncSummary(status: SyncStatus): { state: 'online' | 'offline'; label: string; detail: string } {
  // Devices, not links: two hosts that list each other hold two links between them.
  const connected = new Set(status.peers.filter((p) => p.status === 'connected').map((p) => p.device ?? p.url)).size;
  const waiting = status.waiting > 0 ? ` · ${status.waiting.toLocaleString('en-US')} waiting to sync` : '';
  const federation = status.federation;
  // A relay that federates is online with the other rooms through the stream, peers or not.
  const rooms = federation?.state === 'connected' ? ' · other rooms linked' : '';
  const owed = federation !== null && federation.unpublished > 0 ? ` · ${federation.unpublished.toLocaleString('en-US')} for other rooms` : '';
  if (connected > 0)
    return { state: 'online', label: `Online · ${connected} ${connected === 1 ? 'peer' : 'peers'}${rooms}${waiting}${owed}`, detail: 'Syncing with peers' };
  if (rooms !== '')
    return { state: 'online', label: `Online · other rooms linked${waiting}${owed}`, detail: 'Federated with the other rooms; no peer in this room' };
  // Not plain "Offline": beside the console's own "Online" (its link to the core) that would read as a contradiction.
  const why = status.peers.length === 0 ? 'No peers' : 'No peer reachable';
  const cut = federation !== null ? '; the link to the other rooms is down' : '';
  const detail = `${why.toLowerCase()}${cut}; everything works here and syncs when a peer is back`;
  return { state: 'offline', label: `${why} · working locally${waiting}${owed}`, detail };
}

export function SyncIndicator() {
  const status = useSyncStore((s) => s.status);
  if (status === null || !status.available) return null;
  const { state, label, detail } = syncSummary(status);
  const insecure = status.peers.some((p) => p.insecure);
  return (
    <span className="sync-indicator">
      <button
        type="button"
        className={`sync-status sync-${state}`}
        data-testid="sync-status"
        data-status={state}
        title={detail}
        aria-label={`Peer sync: ${label}. ${detail}. Open peers`}
        onClick={() => useSyncStore.getState().setDialogOpen(true)}
      >
        <span aria-hidden="true">{state === 'online' ? '⇅' : '⌁'}</span> {label}
      </button>
      {insecure && (
        <span
          className="insecure-link"
          data-testid="insecure-link"
          role="note"
          title="A peer link uses plain ws:// off loopback: entries are signed but readable on the network"
        >
          ⚠ insecure link
        </span>
      )}
    </span>
  );
}
