import { useState, type FormEvent } from 'react';
import type { ExerciseStatus } from '../../shared/api';
import { INJECT_TYPES, type InjectType } from '../../shared/exercise';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { EMPTY_ADHOC, adhocPayload, type AdhocDraft } from './adhocDraft';
import { useExerciseStore } from './store';

// An inject made up on the spot: the facilitator reacts to what the team
// does. The fields follow the inject type; the payload is checked with the
// journal's schema before it is sent.

const TYPE_LABELS: Record<InjectType, string> = {
  message: 'Stakeholder message',
  alert: 'Alert',
  status: 'Service status change',
  partition: 'Network partition',
  connectorFailure: 'Connector failure',
};

function ParticipantChecks({ label, status, value, onChange }: { label: string; status: ExerciseStatus; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="checks">
      <legend>{label}</legend>
      {status.participants.map((p) => (
        <label key={p.id}>
          <input
            type="checkbox"
            checked={value.includes(p.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, p.id] : value.filter((x) => x !== p.id))}
          />{' '}
          {p.name}
        </label>
      ))}
    </fieldset>
  );
}

export function AdhocInjectForm({ status }: { status: ExerciseStatus }) {
  const client = useApi();
  const services = useWorkspaceStore((s) => s.state?.services ?? null);
  const busy = useExerciseStore((s) => s.busy);
  const [d, setD] = useState<AdhocDraft>(EMPTY_ADHOC);
  const [problem, setProblem] = useState<string | null>(null);
  const change = (patch: Partial<AdhocDraft>) => setD((x) => ({ ...x, ...patch }));
  const serviceIds = services === null ? [] : Object.keys(services).sort();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = adhocPayload(d);
    if (!made.ok) {
      setProblem(made.reason);
      return;
    }
    setProblem(null);
    if (await useExerciseStore.getState().act(client, 'exercises:adhocInject', { payload: made.payload })) setD({ ...EMPTY_ADHOC, type: d.type });
  };

  const text = (label: string, key: 'title' | 'text' | 'from' | 'channel' | 'source' | 'connector', placeholder = '') => (
    <input aria-label={label} placeholder={placeholder || label} value={d[key]} onChange={(e) => change({ [key]: e.target.value })} />
  );
  const serviceSelect = (optional: boolean) => (
    <select aria-label="Service" value={d.service} onChange={(e) => change({ service: e.target.value })}>
      <option value="">{optional ? 'No service' : 'Pick a service'}</option>
      {serviceIds.map((id) => (
        <option key={id} value={id}>
          {id}
        </option>
      ))}
    </select>
  );

  return (
    <form className="stack-form" aria-label="Ad-hoc inject" onSubmit={(e) => void submit(e)}>
      <h3>Ad-hoc inject</h3>
      <select aria-label="Inject type" value={d.type} onChange={(e) => change({ type: e.target.value as InjectType })}>
        {INJECT_TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABELS[t]}
          </option>
        ))}
      </select>
      {d.type === 'message' && (
        <>
          <div className="button-row">
            {text('From', 'from', 'From (e.g. VP Commerce)')}
            <select aria-label="To" value={d.to} onChange={(e) => change({ to: e.target.value })}>
              <option value="">Everyone</option>
              {status.participants.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {text('Channel', 'channel', 'Channel (e.g. Slack #exec)')}
          </div>
          <textarea aria-label="Message" placeholder="Message" value={d.text} onChange={(e) => change({ text: e.target.value })} />
        </>
      )}
      {d.type === 'alert' && (
        <>
          <div className="button-row">
            {text('Alert title', 'title')}
            <select aria-label="Severity" value={d.severity} onChange={(e) => change({ severity: e.target.value as AdhocDraft['severity'] })}>
              <option value="info">info</option>
              <option value="warning">warning</option>
              <option value="critical">critical</option>
            </select>
            {text('Source', 'source')}
            {serviceSelect(true)}
          </div>
          {text('Alert text', 'text')}
        </>
      )}
      {d.type === 'status' && (
        <div className="button-row">
          {serviceSelect(false)}
          <select aria-label="New status" value={d.status} onChange={(e) => change({ status: e.target.value as AdhocDraft['status'] })}>
            {(['healthy', 'degraded', 'down', 'unknown'] as const).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {text('Reason', 'text')}
        </div>
      )}
      {d.type === 'partition' && (
        <>
          <ParticipantChecks label="Cut off" status={status} value={d.cut} onChange={(cut) => change({ cut })} />
          <ParticipantChecks label="From (none ticked: everyone else)" status={status} value={d.cutFrom} onChange={(cutFrom) => change({ cutFrom })} />
          {text('Description', 'text')}
        </>
      )}
      {d.type === 'connectorFailure' && (
        <div className="button-row">
          {text('Connector', 'connector', 'Connector (e.g. pagerduty)')}
          <select aria-label="Failure mode" value={d.mode} onChange={(e) => change({ mode: e.target.value as AdhocDraft['mode'] })}>
            <option value="error">error</option>
            <option value="timeout">timeout</option>
            <option value="unavailable">unavailable</option>
          </select>
          {text('Failure message', 'text')}
        </div>
      )}
      {(d.type === 'partition' || d.type === 'connectorFailure') && (
        <label>
          For <input aria-label="Minutes" type="number" min={1} max={1440} value={d.minutes} onChange={(e) => change({ minutes: e.target.value })} /> scenario
          minutes
        </label>
      )}
      {problem !== null && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Fire ad-hoc inject
      </button>
    </form>
  );
}
