import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PlaybookSummary } from '../../shared/api';
import { useGraphStore } from '../graph';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { RunDetails } from './RunDetails';
import { StartForm } from './StartForm';
import { RUN_STATUS_LOOK } from './stepLook';
import { usePlaybooksStore } from './store';

// The Playbooks tab (issue 6): the playbooks this workspace can run, a form
// to run one on the service selected in the graph, and the runs step by step.

function PlaybookRow({ playbook, service }: { playbook: PlaybookSummary; service: string | null }) {
  const client = useApi();
  const busy = usePlaybooksStore((s) => s.busy);
  const { published, bundled } = playbook;
  const outdated = published !== null && bundled !== null && !bundled.current;
  return (
    <li className="playbook-row" data-testid="playbook-row" data-name={playbook.name} data-published={published !== null}>
      <div className="task-title">{playbook.title}</div>
      <div className="muted">
        {published !== null ? (
          <>
            {playbook.name} v{published.version} · sha256 <code title={published.hash}>{published.hash.slice(0, 12)}</code> · publication {published.number}
          </>
        ) : (
          `${playbook.name}: bundled v${bundled?.version ?? '?'}, not published in this workspace`
        )}
        {outdated && ` · the bundled file (v${bundled.version}) differs from the version in force`}
      </div>
      {playbook.description !== '' && <p className="playbook-description">{playbook.description}</p>}
      <div className="button-row">
        {(published === null || outdated) && bundled !== null && (
          <button type="button" disabled={busy} onClick={() => void usePlaybooksStore.getState().publish(client, playbook.name)}>
            {published === null ? 'Publish' : `Publish bundled v${bundled.version}`}
          </button>
        )}
        {published !== null && (
          <button type="button" onClick={() => usePlaybooksStore.getState().show({ kind: 'start', playbook: playbook.name })}>
            {service === null ? 'Run…' : `Run on ${service}…`}
          </button>
        )}
      </div>
    </li>
  );
}

function PlaybookList() {
  const { playbooks, runs, problems, error } = usePlaybooksStore(
    useShallow((s) => ({ playbooks: s.playbooks, runs: s.runs, problems: s.problems, error: s.error })),
  );
  const selected = useGraphStore((s) => s.selected);
  const service = selected?.type === 'service' ? selected.id : null;
  if (playbooks === null) return <p className="muted">Loading playbooks…</p>;
  return (
    <>
      <h2>Playbooks</h2>
      <p className="muted" data-testid="playbook-target">
        {service === null ? 'Select a service in the graph to run a playbook on it.' : `Selected service: ${service}`}
      </p>
      {error !== null && (
        <p role="alert" className="error" data-testid="playbook-error">
          {error}
        </p>
      )}
      <ul className="task-list" aria-label="Playbooks">
        {playbooks.map((p) => (
          <PlaybookRow key={p.name} playbook={p} service={service} />
        ))}
      </ul>
      {problems.length > 0 && (
        <>
          <h3>Bundled files with problems</h3>
          <ul>
            {problems.map((p) => (
              <li key={p} className="error">
                {p}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Recent runs</h3>
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <ul className="task-list" aria-label="Runs">
          {runs.map((r) => (
            <li key={r.id} data-testid="run-row" data-status={r.status}>
              <button type="button" className="link" onClick={() => usePlaybooksStore.getState().show({ kind: 'run', run: r.id })}>
                {r.title} on {r.service ?? 'no service'}
              </button>{' '}
              <span className="badge">
                {RUN_STATUS_LOOK[r.status].icon} {RUN_STATUS_LOOK[r.status].label}
              </span>
              <div className="muted">
                {new Date(r.startedAt).toLocaleTimeString()} by {r.startedBy.name}
                {r.current !== null ? ` · ${r.current}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PlaybooksPanel() {
  const client = useApi();
  const stateHash = useWorkspaceStore((s) => s.stateHash);
  const { screen, playbooks, run, error } = usePlaybooksStore(useShallow((s) => ({ screen: s.screen, playbooks: s.playbooks, run: s.run, error: s.error })));
  // Every state:changed moves the workspace's hash: reload what this screen shows, so a run moves step by step.
  useEffect(() => {
    void usePlaybooksStore.getState().refresh(client);
  }, [client, stateHash, screen]);

  const back = (
    <button type="button" className="link" onClick={() => usePlaybooksStore.getState().show({ kind: 'list' })}>
      ← All playbooks
    </button>
  );
  if (screen.kind === 'start') {
    const playbook = playbooks?.find((p) => p.name === screen.playbook);
    return (
      <div className="panel-body" data-testid="playbooks-panel">
        {back}
        {playbook === undefined ? <p className="muted">Loading {screen.playbook}…</p> : <StartForm key={playbook.name} playbook={playbook} />}
      </div>
    );
  }
  if (screen.kind === 'run') {
    return (
      <div className="panel-body" data-testid="playbooks-panel">
        {back}
        {error !== null && (
          <p role="alert" className="error" data-testid="playbook-error">
            {error}
          </p>
        )}
        {run === null ? <p className="muted">Loading the run…</p> : <RunDetails run={run} />}
      </div>
    );
  }
  return (
    <div className="panel-body" data-testid="playbooks-panel">
      <PlaybookList />
    </div>
  );
}
