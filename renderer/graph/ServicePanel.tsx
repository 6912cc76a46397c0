import { useMemo, useState } from 'react';
import type { ServiceStatus, Task, WorkspaceState } from '../../shared/state';
import { blastRadius } from '../../shared/state';
import { useApi } from '../api';
import { appendEntry, currentIncident, memberName, selectState, useWorkspaceStore } from '../workspace';
import { useShellStore } from '../shell';
import { useTimelineStore } from '../timeline';
import { useGraphStore } from './store';
import { SERVICE_STATUSES, STATUS_LOOK } from './status';

function ownersOf(state: WorkspaceState, service: string): string[] {
  return Object.values(state.edges)
    .filter((e) => e.type === 'ownedBy' && e.from === service)
    .map((e) => state.teams[e.to]?.name ?? e.to);
}

function formatTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

function ServiceDetails({ state, id }: { state: WorkspaceState; id: string }) {
  const client = useApi();
  const picked = useShellStore((s) => s.incident);
  const incident = currentIncident(state, picked);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const timeline = useTimelineStore((s) => s.entries);
  const service = Object.hasOwn(state.services, id) ? state.services[id] : undefined;

  const impacted = useMemo(() => blastRadius(state, id), [state, id]);
  const mentions = useMemo(
    () => timeline.filter((e) => typeof e.body === 'object' && e.body !== null && (e.body as Record<string, unknown>).service === id),
    [timeline, id],
  );
  // Incidents affecting it: the one its current status was reported under, and any its journal entries name.
  const incidents = useMemo(() => {
    const ids = new Set<string>();
    if (service?.statusIncident) ids.add(service.statusIncident);
    for (const e of mentions) {
      const incident = (e.body as Record<string, unknown>).incident;
      if (typeof incident === 'string') ids.add(incident);
    }
    return ids;
  }, [service, mentions]);
  const tasks: Task[] = useMemo(() => Object.values(state.tasks).filter((t) => incidents.has(t.incident)), [state, incidents]);
  const recent = mentions.slice(-5).reverse();

  if (service === undefined) return <p>This service is no longer in the catalog.</p>;
  const look = STATUS_LOOK[service.status];

  const mark = async (status: ServiceStatus) => {
    setBusy(true);
    await appendEntry(client, 'service.status', {
      service: id,
      status,
      reason,
      incident: incident !== null && incident.status !== 'resolved' ? incident.id : null,
    });
    setBusy(false);
    setReason('');
  };

  return (
    <div className="panel-body" data-testid="service-panel">
      <h2>{service.name}</h2>
      <p className="muted">{service.description || id}</p>
      <dl className="facts">
        <dt>Owner</dt>
        <dd>{ownersOf(state, id).join(', ') || 'No owning team'}</dd>
        <dt>Status</dt>
        <dd className={`status-${service.status}`} data-testid="service-panel-status">
          <span aria-hidden="true">{look.icon}</span> {look.label}
          {service.statusSince !== null ? ` since ${formatTime(service.statusSince)}` : ''}
        </dd>
        <dt>Blast radius</dt>
        <dd>{impacted.length === 0 ? 'No dependents' : `${impacted.length} dependent services`}</dd>
      </dl>
      <fieldset className="mark-status" disabled={busy}>
        <legend>Mark status{incident !== null && incident.status !== 'resolved' ? ` (incident: ${incident.title})` : ''}</legend>
        <input aria-label="Reason" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="button-row">
          {SERVICE_STATUSES.map((s) => (
            <button key={s} type="button" className={`status-button status-${s}`} aria-pressed={service.status === s} onClick={() => void mark(s)}>
              <span aria-hidden="true">{STATUS_LOOK[s].icon}</span> Mark {STATUS_LOOK[s].label.toLowerCase()}
            </button>
          ))}
        </div>
      </fieldset>
      <h3>Status history</h3>
      {service.history.length === 0 ? (
        <p className="muted">No status reported yet.</p>
      ) : (
        <ul className="history">
          {service.history.map((h) => (
            <li key={h.entry}>
              <span className={`status-${h.status}`}>
                {STATUS_LOOK[h.status].icon} {STATUS_LOOK[h.status].label}
              </span>{' '}
              {formatTime(h.at)} by {memberName(state, h.by)}
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>Tasks of incidents affecting it</h3>
      {tasks.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {tasks.map((t) => (
            <li key={t.id}>
              {t.title} <span className="badge">{t.status.replace('_', ' ')}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Recent journal entries</h3>
      {recent.length === 0 ? (
        <p className="muted">None loaded.</p>
      ) : (
        <ul>
          {recent.map((e) => (
            <li key={e.id}>
              {formatTime(e.header.hlc.wall)} {e.header.kind} by {memberName(state, e.header.author)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TeamDetails({ state, id }: { state: WorkspaceState; id: string }) {
  const team = Object.hasOwn(state.teams, id) ? state.teams[id] : undefined;
  if (team === undefined) return <p>This team is no longer in the catalog.</p>;
  const services = Object.values(state.edges).filter((e) => e.type === 'ownedBy' && e.to === id);
  const members = Object.values(state.members).filter((m) => m.active && m.teams.includes(id));
  return (
    <div className="panel-body" data-testid="team-panel">
      <h2>{team.name}</h2>
      <dl className="facts">
        <dt>Channel</dt>
        <dd>{team.channel || '—'}</dd>
        <dt>Services</dt>
        <dd>{services.length}</dd>
        <dt>Members</dt>
        <dd>{members.map((m) => m.name).join(', ') || 'None'}</dd>
      </dl>
      <button type="button" onClick={() => useGraphStore.getState().setTeam(id)}>
        Show only this team
      </button>
    </div>
  );
}

export function ServicePanel() {
  const state = useWorkspaceStore(selectState);
  const selected = useGraphStore((s) => s.selected);
  if (state === null) return null;
  if (selected === null) return <p className="panel-body muted">Select a service or team in the graph.</p>;
  return selected.type === 'service' ? <ServiceDetails state={state} id={selected.id} /> : <TeamDetails state={state} id={selected.id} />;
}
