import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Incident } from '../../shared/state';
import { useApi } from '../api';
import { appendEntry, currentIncident, memberName, sortedIncidents, useWorkspaceStore } from '../workspace';
import { useFocusRequest, useShellStore } from '../shell';

function ResolveControl({ incident }: { incident: Incident }) {
  const client = useApi();
  const [confirming, setConfirming] = useState(false);
  const [resolution, setResolution] = useState('');
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)}>
        Resolve…
      </button>
    );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void appendEntry(client, 'incident.resolve', { incident: incident.id, resolution }).then(() => setConfirming(false));
      }}
    >
      <input aria-label={`Resolution of ${incident.title}`} placeholder="Resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} />
      <button type="submit">Confirm resolve</button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </form>
  );
}

function OpenIncidentForm() {
  const client = useApi();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState(2);
  const [summary, setSummary] = useState('');
  const titleRef = useFocusRequest<HTMLInputElement>('new-incident');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() === '') return;
    const id = await appendEntry(client, 'incident.open', { title: title.trim(), severity, summary });
    if (id !== null) {
      setTitle('');
      setSummary('');
      useShellStore.getState().pickIncident(id);
    }
  };

  return (
    <form className="stack-form" onSubmit={(e) => void submit(e)} aria-label="Open an incident">
      <h3>Open an incident</h3>
      <input ref={titleRef} aria-label="Incident title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} required />
      <label>
        Severity{' '}
        <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(Number(e.target.value))}>
          {[1, 2, 3, 4, 5].map((s) => (
            <option key={s} value={s}>
              SEV{s}
            </option>
          ))}
        </select>
      </label>
      <textarea aria-label="Summary" placeholder="Summary" value={summary} onChange={(e) => setSummary(e.target.value)} rows={2} />
      <button type="submit">Open incident</button>
    </form>
  );
}

export function IncidentsList() {
  const state = useWorkspaceStore((s) => s.state);
  const { picked } = useShellStore(useShallow((s) => ({ picked: s.incident })));
  const incidents = sortedIncidents(state);
  const current = currentIncident(state, picked);
  return (
    <div className="panel-body">
      <OpenIncidentForm />
      <h3>Incidents</h3>
      {incidents.length === 0 && <p className="muted">No incidents.</p>}
      <ul className="incident-list">
        {incidents.map((i) => (
          <li key={i.id} data-testid="incident-row" data-status={i.status} className={i.id === current?.id ? 'current' : ''}>
            <button type="button" className="link" onClick={() => useShellStore.getState().pickIncident(i.id)} aria-current={i.id === current?.id}>
              <span className={`severity sev-${i.severity}`}>SEV{i.severity}</span> {i.title}
            </button>
            <span className="badge">{i.status}</span>
            <span className="muted"> · {memberName(state, i.commander)}</span>
            {i.status !== 'resolved' && <ResolveControl incident={i} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
