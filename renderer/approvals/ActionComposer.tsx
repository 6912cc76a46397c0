import { useState, type FormEvent } from 'react';
import type { ActionPreview } from '../../shared/api';
import { RISKS, type Risk } from '../../shared/approvals';
import type { ActionRecord } from '../../shared/state';
import { useApi } from '../api';
import { useShellStore } from '../shell';
import { currentIncident, useWorkspaceStore } from '../workspace';
import { useActionsStore } from './store';

// Compose a remediation action: pick a connector and operation, say where and
// how risky, give its parameters, look at the dry run and what the policy
// will ask for, then request it. The request records the preview the
// approvers will see; nothing is sent until the policy allows it.

/** The request's fields as the form holds them: the parameters as the text typed. */
type Draft = Pick<ActionRecord, 'connector' | 'operation' | 'environment' | 'risk' | 'target' | 'summary'> & { params: string };

const EMPTY: Draft = { connector: '', operation: '', environment: 'production', risk: 'medium', target: '', summary: '', params: '{}' };

/** The parameters field as an object, or the reason it is not one. */
export function parseParams(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch (err) {
    return { ok: false, reason: `Parameters are not JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'Parameters must be a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

export function ActionComposer() {
  const client = useApi();
  const connectors = useActionsStore((s) => s.connectors);
  const state = useWorkspaceStore((s) => s.state);
  const picked = useShellStore((s) => s.incident);
  const incident = currentIncident(state, picked);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [preview, setPreview] = useState<{ preview: ActionPreview; explanation: string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const connector = connectors.find((c) => c.id === draft.connector) ?? null;

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setPreview(null);
  };
  const exampleFor = (id: string, operation: string) => {
    const examples = connectors.find((x) => x.id === id)?.examples ?? {};
    return JSON.stringify(examples[operation] ?? examples['*'] ?? {}, null, 2);
  };
  const pickConnector = (id: string) => {
    const first = connectors.find((x) => x.id === id)?.operations[0] ?? '';
    // '*': the connector takes any operation (the sandbox); the user names it.
    const operation = first === '*' ? '' : first;
    change({ connector: id, operation, params: exampleFor(id, operation) });
  };
  const pickOperation = (operation: string) => change({ operation, params: exampleFor(draft.connector, operation) });
  const anyOperation = connector?.operations.includes('*') === true;
  const request = () => {
    const params = parseParams(draft.params);
    if (!params.ok) {
      setProblem(params.reason);
      return null;
    }
    const { params: _text, ...rest } = draft;
    return { ...rest, params: params.value as Record<string, never>, incident: incident?.id ?? null };
  };
  const showPreview = async () => {
    const r = request();
    if (r === null) return;
    setBusy(true);
    const result = await client.call('actions:preview', r);
    setBusy(false);
    if (result.ok) {
      setPreview(result.value);
      setProblem(null);
    } else setProblem(result.error.message);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = request();
    if (r === null) return;
    setBusy(true);
    const result = await client.call('actions:request', r);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    setPreview(null);
    setDraft({ ...EMPTY, connector: draft.connector, operation: draft.operation, params: draft.params });
    await useActionsStore.getState().refresh(client);
  };

  return (
    <form className="stack-form composer" aria-label="Request an action" onSubmit={(e) => void submit(e)}>
      <div className="button-row">
        <label>
          Connector{' '}
          <select aria-label="Connector" value={draft.connector} onChange={(e) => pickConnector(e.target.value)} required>
            <option value="">choose…</option>
            {connectors.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Operation{' '}
          {anyOperation ? (
            <input
              aria-label="Operation"
              value={draft.operation}
              onChange={(e) => change({ operation: e.target.value })}
              required
              maxLength={100}
              placeholder="any operation name"
            />
          ) : (
            <select aria-label="Operation" value={draft.operation} onChange={(e) => pickOperation(e.target.value)} required>
              {(connector?.operations ?? []).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </label>
      </div>
      <div className="button-row">
        <label>
          Environment{' '}
          <input
            aria-label="Environment"
            list="environments"
            value={draft.environment}
            onChange={(e) => change({ environment: e.target.value })}
            required
            maxLength={200}
          />
        </label>
        <datalist id="environments">
          <option value="production" />
          <option value="staging" />
          <option value="development" />
        </datalist>
        <label>
          Risk{' '}
          <select aria-label="Risk" value={draft.risk} onChange={(e) => change({ risk: e.target.value as Risk })}>
            {RISKS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      <input
        aria-label="Target"
        placeholder="Target (service, deployment, channel…)"
        value={draft.target}
        onChange={(e) => change({ target: e.target.value })}
        required
        maxLength={500}
      />
      <input
        aria-label="Summary"
        placeholder="What and why, in one line"
        value={draft.summary}
        onChange={(e) => change({ summary: e.target.value })}
        required
        maxLength={500}
      />
      <textarea
        aria-label="Parameters (JSON)"
        className="params"
        rows={5}
        value={draft.params}
        onChange={(e) => change({ params: e.target.value })}
        spellCheck={false}
      />
      <p className="muted small">{incident === null ? 'Not tied to an incident.' : `For incident: ${incident.title}`}</p>
      {problem !== null && (
        <p role="alert" className="error" data-testid="composer-error">
          {problem}
        </p>
      )}
      {preview !== null && (
        <div className="composer-preview" data-testid="composer-preview">
          <p>
            <strong>Dry run:</strong> {preview.preview.text}
          </p>
          {preview.preview.request !== null && (
            <pre className="markdown">
              {preview.preview.request.method} {preview.preview.request.url}
              {'\n'}
              {Object.entries(preview.preview.request.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}
              {preview.preview.request.body !== null && `\n\n${preview.preview.request.body}`}
            </pre>
          )}
          {preview.preview.argv !== null && <pre className="markdown">{JSON.stringify(preview.preview.argv)}</pre>}
          <ul className="reasons">
            {preview.explanation.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        <button type="button" disabled={busy || draft.connector === ''} onClick={() => void showPreview()}>
          Preview
        </button>
        <button type="submit" disabled={busy || draft.connector === ''}>
          Request action
        </button>
      </div>
    </form>
  );
}
