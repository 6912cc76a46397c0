import { useShallow } from 'zustand/react/shallow';
import { currentIncident, memberName, useWorkspaceStore } from '../workspace';
import { formatElapsed, useNow, useShellStore } from '../shell';
import { SyncIndicator } from '../sync';

const CONNECTION_LOOK = {
  online: { icon: '●', label: 'Online' },
  connecting: { icon: '◌', label: 'Connecting…' },
  offline: { icon: '⨯', label: 'Offline' },
} as const;

function Elapsed({ since, until }: { since: number; until: number | null }) {
  const now = useNow(1000);
  return <span data-testid="incident-elapsed">{formatElapsed((until ?? now) - since)}</span>;
}

export function IncidentHeader() {
  const { state, connection, entries, workspace } = useWorkspaceStore(
    useShallow((s) => ({ state: s.state, connection: s.connection, entries: s.entries, workspace: s.session?.workspaceName ?? null })),
  );
  const { picked, theme } = useShellStore(useShallow((s) => ({ picked: s.incident, theme: s.theme })));
  const incident = currentIncident(state, picked);
  const conn = CONNECTION_LOOK[connection];

  return (
    <header className="incident-header" aria-label="Incident">
      {/* The workspace's name, not the product's: on a projector every pixel of this line goes to the incident. */}
      <div className="brand" title={workspace === null ? 'Command Post' : `Command Post · ${workspace}`}>
        <strong>{workspace ?? 'Command Post'}</strong>
      </div>
      {incident === null ? (
        <div className="incident-title muted">No incident open</div>
      ) : (
        <div className="incident-summary" data-testid="incident-header">
          <span className={`severity sev-${incident.severity}`} aria-label={`Severity ${incident.severity}`}>
            SEV{incident.severity}
          </span>
          <h1 className="incident-title" title={incident.title}>
            {incident.title}
          </h1>
          <span className={`badge incident-status-${incident.status}`}>{incident.status}</span>
          <span>
            <abbr className="muted" title="Incident commander">
              IC{' '}
            </abbr>
            {memberName(state, incident.commander)}
          </span>
          <span>
            <span className="muted">Elapsed </span>
            <Elapsed since={incident.openedAt} until={incident.resolvedAt} />
          </span>
        </div>
      )}
      <div className="header-right">
        <span
          className={`connection connection-${connection}`}
          data-testid="connection-status"
          data-status={connection}
          role="status"
          title={`${conn.label} · ${entries.toLocaleString()} journal entries`}
        >
          <span aria-hidden="true">{conn.icon}</span> {conn.label}
        </span>
        <SyncIndicator />
        <button
          type="button"
          onClick={() => useShellStore.getState().toggleTheme()}
          aria-label="Toggle light or dark theme"
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button type="button" onClick={() => useShellStore.getState().setPaletteOpen(true)} aria-label="Open command palette">
          ⌘K
        </button>
      </div>
    </header>
  );
}
