import type { FederationStatus } from '../../shared/api';

const STATE_TEXT: Record<FederationStatus['state'], string> = {
  connecting: 'connecting…',
  connected: 'connected',
  disconnected: 'link down, reconnecting',
};

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * This relay's link to the other rooms (serve --federate), under the peers:
 * its state, and how far behind each side is: entries the other rooms have
 * not received from here yet ("they lack"), and messages of the stream this
 * room has not received yet ("we lack").
 */
export function FederationRow({ federation, now }: { federation: FederationStatus; now: number }) {
  const f = federation;
  const active = f.lastActivity === null ? 'never' : `${Math.max(0, Math.round((now - f.lastActivity) / 1000))} s ago`;
  return (
    <section className="federation" data-testid="federation" data-state={f.state}>
      <h3>Other rooms (federation)</h3>
      <table className="peers-table">
        <thead>
          <tr>
            <th>Stream</th>
            <th>Status</th>
            <th title="Messages of the stream this room has not received yet">We lack</th>
            <th title="Entries this room holds that the stream is not known to hold">They lack</th>
            <th>Last entry moved</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <code>{f.url}</code>
              {f.reason !== null && <div className="muted">{f.reason}</div>}
              <div className="muted">
                sent {count(f.published)}, received {count(f.received)}
                {f.refused > 0 && `, refused ${count(f.refused)}`}
              </div>
              {f.lastRefusal !== null && (
                <div className="peer-error" role="status">
                  Refused from the stream: {f.lastRefusal}
                </div>
              )}
            </td>
            <td data-testid="federation-state">{STATE_TEXT[f.state]}</td>
            <td data-testid="federation-behind">{f.behind === null ? '?' : count(f.behind)}</td>
            <td data-testid="federation-unpublished">{count(f.unpublished)}</td>
            <td>{active}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
