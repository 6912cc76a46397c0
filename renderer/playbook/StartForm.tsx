import { useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PlaybookSummary } from '../../shared/api';
import { useGraphStore } from '../graph';
import { useShellStore } from '../shell';
import { useApi } from '../api';
import { currentIncident, selectState, useWorkspaceStore } from '../workspace';
import { usePlaybooksStore } from './store';
import { STEP_TYPE_LABEL } from './stepLook';

// The form for a run: one field per input of the version in force (label =
// the input's name, hint = its description, default filled in), the service
// (the one selected in the graph, changeable) and the incident. What the run
// will do is listed above the button, so starting it is the one confirmation.

/** The input a refusal names ("input deployment is required …"), to mark that field. */
function inputNamed(error: string | null, inputs: readonly { name: string }[]): string | null {
  if (error === null) return null;
  return inputs.find((i) => new RegExp(`\\binput ${i.name}\\b`).test(error))?.name ?? null;
}

export function StartForm({ playbook }: { playbook: PlaybookSummary }) {
  const client = useApi();
  const state = useWorkspaceStore(selectState);
  const selected = useGraphStore((s) => s.selected);
  const picked = useShellStore((s) => s.incident);
  const { error, busy } = usePlaybooksStore(useShallow((s) => ({ error: s.error, busy: s.busy })));
  const incident = currentIncident(state, picked);
  const [service, setService] = useState(selected?.type === 'service' ? selected.id : '');
  const [incidentId, setIncidentId] = useState(incident !== null && incident.status !== 'resolved' ? incident.id : '');
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(playbook.inputs.map((i) => [i.name, i.default ?? ''])));
  const services = useMemo(
    () =>
      state === null
        ? []
        : Object.values(state.services)
            .filter((s) => !s.retired)
            .sort((a, b) => a.name.localeCompare(b.name)),
    [state],
  );
  const openIncidents = useMemo(() => (state === null ? [] : Object.values(state.incidents).filter((i) => i.status !== 'resolved')), [state]);
  const invalid = inputNamed(error, playbook.inputs);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await usePlaybooksStore
      .getState()
      .start(client, { playbook: playbook.name, service: service === '' ? null : service, incident: incidentId === '' ? null : incidentId, inputs: values });
  };

  return (
    <form className="stack-form playbook-form" aria-label={`Run ${playbook.title}`} onSubmit={(e) => void submit(e)}>
      <h2>Run: {playbook.title}</h2>
      {playbook.published !== null && (
        <p className="muted">
          v{playbook.published.version} · sha256 <code>{playbook.published.hash.slice(0, 12)}</code> · publication {playbook.published.number}
        </p>
      )}
      <label className="field">
        <span>Service</span>
        <select aria-label="Service" value={service} onChange={(e) => setService(e.target.value)}>
          <option value="">(no service)</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.id})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Incident</span>
        <select aria-label="Incident" value={incidentId} onChange={(e) => setIncidentId(e.target.value)}>
          <option value="">(no incident)</option>
          {openIncidents.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      </label>
      {playbook.inputs.map((input) => (
        <label className="field" key={input.name}>
          <span>
            {input.name}
            {input.required ? ' (required)' : ''}
          </span>
          <input
            aria-label={input.name}
            aria-describedby={`input-hint-${input.name}`}
            aria-invalid={invalid === input.name}
            value={values[input.name] ?? ''}
            required={input.required}
            placeholder={input.default ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [input.name]: e.target.value }))}
          />
          <small id={`input-hint-${input.name}`} className="muted">
            {input.description}
            {input.pattern !== null ? ` (matches ${input.pattern})` : ''}
          </small>
        </label>
      ))}
      <h3>What the run will do</h3>
      <ol className="playbook-plan">
        {playbook.steps.map((s) => (
          <li key={`${s.phase}:${s.id}`} className={s.phase === 'steps' ? '' : 'muted'}>
            {s.phase === 'steps' ? '' : `${s.phase === 'success' ? 'then check' : `if it fails (${s.phase})`}: `}
            {s.name} <span className="badge">{STEP_TYPE_LABEL[s.type]}</span>
          </li>
        ))}
      </ol>
      {error !== null && (
        <p role="alert" className="error" data-testid="playbook-error">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          Start run
        </button>
        <button type="button" onClick={() => usePlaybooksStore.getState().show({ kind: 'list' })}>
          Cancel
        </button>
      </div>
    </form>
  );
}
