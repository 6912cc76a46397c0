import { useState, type FormEvent } from 'react';
import type { PeerStatus } from '../../shared/api';
import { useApi } from '../api';
import { useNow } from '../shell';
import { memberName, selectState, useWorkspaceStore } from '../workspace';
import { FederationRow } from './FederationRow';
import { useSyncStore } from './store';

const STATUS_TEXT: Record<PeerStatus['status'], string> = { new: 'not dialled yet', connecting: 'connecting…', connected: 'connected', failed: 'failed' };

function lag(n: number | null): string {
  return n === null ? '?' : n.toLocaleString('en-US');
}

function seen(now: number, at: number | null, status: PeerStatus['status']): string {
  if (status === 'connected') return 'now';
  if (at === null) return 'never';
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

function PeerRow({ peer, name, now, onRemove }: { peer: PeerStatus; name: string | null; now: number; onRemove: (url: string) => void }) {
  return (
    <tr data-testid="peer-row" data-status={peer.status}>
      <td>
        <code>{peer.url}</code>
        {name !== null && <div>{name}</div>}
        {peer.insecure && <span className="insecure-link"> ⚠ insecure link</span>}
        {peer.reason !== null && <div className="muted">{peer.reason}</div>}
      </td>
      <td>{peer.direction === 'inbound' ? 'dialled in' : STATUS_TEXT[peer.status]}</td>
      <td>{lag(peer.weLack)}</td>
      <td>{lag(peer.theyLack)}</td>
      <td>{seen(now, peer.lastSeen, peer.status)}</td>
      <td>
        {peer.direction === 'outbound' && (
          <button type="button" aria-label={`Remove peer ${peer.url}`} onClick={() => onRemove(peer.url)}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** The Peers dialog: who this device syncs with, how far behind each side is, add and remove. */
export function PeersDialog() {
  const client = useApi();
  const open = useSyncStore((s) => s.dialogOpen);
  const status = useSyncStore((s) => s.status);
  const state = useWorkspaceStore(selectState);
  const now = useNow(1000);
  const [url, setUrl] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) return null;
  const close = () => useSyncStore.getState().setDialogOpen(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await client.call('peers:add', { url, insecure });
    if (!result.ok) return setError(result.error.message);
    useSyncStore.getState().setStatus(result.value);
    setError(null);
    setUrl('');
    setInsecure(false);
  };
  const remove = async (target: string) => {
    const result = await client.call('peers:remove', { url: target });
    if (result.ok) useSyncStore.getState().setStatus(result.value);
    else setError(result.error.message);
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Peers"
        className="palette peers-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2>Peers</h2>
        {status === null || !status.available ? (
          <p className="muted">This window&apos;s core runs no peer sync; run `commandpost serve` to sync with peers.</p>
        ) : (
          <>
            {status.syncUrl !== null && (
              <p className="muted">
                Peers reach this device at <code data-testid="own-sync-url">{status.syncUrl}</code>
              </p>
            )}
            <table className="peers-table">
              <thead>
                <tr>
                  <th>Peer</th>
                  <th>Status</th>
                  <th title="Entries the peer holds that this device lacks">We lack</th>
                  <th title="Entries this device holds that the peer lacks">They lack</th>
                  <th>Last seen</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {status.peers.map((p) => (
                  <PeerRow
                    key={`${p.direction}:${p.url}`}
                    peer={p}
                    name={p.device === null ? null : memberName(state, p.device)}
                    now={now}
                    onRemove={(u) => void remove(u)}
                  />
                ))}
                {status.peers.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      No peers yet: this device works alone until one is added.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            {status.federation !== null && <FederationRow federation={status.federation} now={now} />}
            <form onSubmit={(e) => void add(e)} className="peer-add">
              <input aria-label="Peer URL" placeholder="ws://HOST:PORT/sync?ws=…" value={url} onChange={(e) => setUrl(e.target.value)} autoFocus />
              <label>
                <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} /> insecure (plain ws:// off loopback)
              </label>
              <button type="submit" disabled={url.trim() === ''}>
                Add peer
              </button>
            </form>
            {error !== null && (
              <p role="alert" className="peer-error">
                {error}
              </p>
            )}
          </>
        )}
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
