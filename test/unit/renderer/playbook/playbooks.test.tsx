// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { parsePlaybookText, playbookSummary, runSummary, runView, type PlaybookRun } from '../../../../shared/playbook';
import type { ActionRecord, WorkspaceState } from '../../../../shared/state';
import { useGraphStore } from '../../../../renderer/graph';
import { usePlaybooksStore } from '../../../../renderer/playbook';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { demoState, hex64, INCIDENT, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

// The Playbooks tab over an in-memory API whose answers are built by the same
// pure functions the host uses (shared/playbook), from the bundled
// restart-deployment playbook.

// jsdom gives import.meta an http URL; vitest runs from the repository root.
const TEXT = readFileSync(join(process.cwd(), 'resources', 'playbooks', 'restart-deployment.yaml'), 'utf8');
const HASH = 'd'.repeat(64);
const RUN = hex64(77);
const NOW = 1_700_000_200_000;

function withPlaybook(): WorkspaceState {
  const state = demoState();
  const parsed = parsePlaybookText(TEXT);
  if (!parsed.ok) throw new Error(parsed.reason);
  state.playbooks = {
    current: { 'restart-deployment': HASH },
    versions: {
      [HASH]: {
        name: 'restart-deployment',
        hash: HASH,
        version: 1,
        number: 1,
        title: 'Restart a deployment',
        entry: hex64(9),
        publishedAt: 1,
        publishedBy: ME,
        document: parsed.document,
      },
    },
    runs: {},
  };
  return state;
}

/** Answers playbooks:* from the FakeApi's state; a start records the run as the fold would. */
function playbookApi(state: WorkspaceState): FakeApi {
  const api = new FakeApi(state);
  api.extra['playbooks:list'] = () => ({ ok: true, value: { playbooks: [playbookSummary(api.state, 'restart-deployment', null)], problems: [] } });
  api.extra['playbooks:runs'] = () => ({ ok: true, value: { runs: Object.values(api.state.playbooks?.runs ?? {}).map((r) => runSummary(api.state, r)) } });
  api.extra['playbooks:run'] = ({ run }) => {
    const found = api.state.playbooks?.runs[run];
    return found ? { ok: true, value: runView(api.state, found, NOW, ME) } : { ok: false, error: { code: 'bad_request', message: `no playbook run ${run}` } };
  };
  api.extra['playbooks:start'] = (p) => {
    if (!p.inputs?.deployment)
      return { ok: false, error: { code: 'refused', message: 'playbook.run refused: input deployment is required (Kubernetes deployment name)' } };
    api.mutate((s) => {
      const run: PlaybookRun = {
        id: RUN,
        playbook: 'restart-deployment',
        hash: HASH,
        version: 1,
        service: p.service ?? null,
        incident: p.incident ?? null,
        inputs: { ...p.inputs },
        startedBy: ME,
        startedAt: NOW,
        status: 'running',
        steps: {},
        outputs: {},
        finishedAt: null,
        note: '',
        updatedAt: NOW,
      };
      s.playbooks!.runs[RUN] = run;
    });
    return { ok: true, value: { run: RUN } };
  };
  return api;
}

function action(id: string, status: ActionRecord['status'], message: string): ActionRecord {
  return {
    id,
    incident: INCIDENT,
    connector: 'kubernetes',
    operation: 'restart',
    environment: 'production',
    risk: 'medium',
    target: 'deployment payments in default',
    summary: 'rollout restart of payments for api',
    requester: ME,
    executor: ME,
    requestedAt: NOW,
    policy: 'e'.repeat(64),
    paramsHash: 'f'.repeat(64),
    status,
    verdicts: [],
    overrides: [],
    attempts: [],
    result: message === '' ? null : { attempt: 1, at: NOW, entry: hex64(90), outcome: 'succeeded', final: true, message, httpStatus: 200 },
    updatedAt: NOW,
  };
}

async function openPlaybooksTab(): Promise<void> {
  fireEvent.click(await screen.findByRole('tab', { name: /^Playbooks/ }));
  await screen.findByTestId('playbooks-panel');
}

describe('playbooks tab', () => {
  useCleanConsole();
  beforeEach(() => usePlaybooksStore.getState().reset());

  it('runs a playbook on the selected service with a form made from its inputs, then shows the run step by step as it moves', async () => {
    const api = playbookApi(withPlaybook());
    render(<App client={api} />);
    act(() => useGraphStore.getState().select({ type: 'service', id: 'api' }));
    await openPlaybooksTab();
    const row = await screen.findByTestId('playbook-row');
    expect(row.textContent).toContain(`restart-deployment v1 · sha256 ${HASH.slice(0, 12)} · publication 1`);
    fireEvent.click(within(row).getByRole('button', { name: 'Run on api…' }));

    const form = await screen.findByRole('form', { name: 'Run Restart a deployment' });
    expect((within(form).getByLabelText('Service') as HTMLSelectElement).value).toBe('api');
    expect((within(form).getByLabelText('Incident') as HTMLSelectElement).value).toBe(INCIDENT);
    expect((within(form).getByLabelText('namespace') as HTMLInputElement).value).toBe('default');
    expect((within(form).getByLabelText('environment') as HTMLInputElement).value).toBe('production');
    expect(within(form).getByLabelText('deployment').getAttribute('aria-describedby')).toBe('input-hint-deployment');
    expect(form.textContent).toContain('Kubernetes deployment name');
    fireEvent.change(within(form).getByLabelText('deployment'), { target: { value: 'payments' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));

    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'playbooks:start')?.params).toEqual({
        playbook: 'restart-deployment',
        service: 'api',
        incident: INCIDENT,
        inputs: { deployment: 'payments', namespace: 'default', environment: 'production' },
      }),
    );
    const details = await screen.findByTestId('run-details');
    expect(within(details).getByTestId('run-version').textContent).toBe(`restart-deployment v1 · sha256 ${HASH.slice(0, 12)} · publication 1`);
    const steps = () => screen.getAllByTestId('run-step').map((s) => `${s.getAttribute('data-step')}:${s.getAttribute('data-status')}`);
    expect(steps()).toEqual(['restart:pending', 'settle:pending', 'healthy:pending', 'page-owner:pending']);

    // The host takes the run further: state:changed arrives and the view reloads without a click.
    const actionId = hex64(88);
    act(() =>
      api.mutate((s) => {
        s.actions = { [actionId]: action(actionId, 'succeeded', 'deployment restarted') };
        s.playbooks!.runs[RUN]!.steps['steps:restart'] = {
          phase: 'steps',
          step: 'restart',
          status: 'done',
          startedAt: NOW,
          at: NOW,
          by: ME,
          ref: actionId,
          note: 'deployment restarted',
        };
        s.playbooks!.runs[RUN]!.steps['steps:settle'] = {
          phase: 'steps',
          step: 'settle',
          status: 'waiting',
          startedAt: NOW,
          at: NOW,
          by: ME,
          ref: null,
          note: '',
        };
      }),
    );
    await waitFor(() => expect(steps()).toEqual(['restart:done', 'settle:waiting', 'healthy:pending', 'page-owner:pending']));
    expect(screen.getByTestId('run-step-action').textContent).toBe(
      `Action ${actionId.slice(0, 8)} (kubernetes restart on deployment payments in default): succeeded: deployment restarted`,
    );
    expect(screen.getByTestId('run-status').textContent).toMatch(/Running — waiting until /);
  });

  it('names the input a refused start is about, and journals nothing', async () => {
    const api = playbookApi(withPlaybook());
    render(<App client={api} />);
    await openPlaybooksTab();
    fireEvent.click(await screen.findByRole('button', { name: 'Run…' }));
    const form = await screen.findByRole('form', { name: 'Run Restart a deployment' });
    // Required fields are enforced by the browser too; submit the form directly to reach the core's check.
    fireEvent.submit(form);
    expect((await screen.findByTestId('playbook-error')).textContent).toBe('playbook.run refused: input deployment is required (Kubernetes deployment name)');
    expect(within(form).getByLabelText('deployment').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('namespace').getAttribute('aria-invalid')).toBe('false');
    expect(api.appends()).toEqual([]);
    expect(api.state.playbooks?.runs).toEqual({});
  });

  it('publishes a bundled playbook that is not in force yet, and B opens the tab', async () => {
    const state = demoState();
    const api = new FakeApi(state);
    const parsed = parsePlaybookText(TEXT);
    if (!parsed.ok) throw new Error(parsed.reason);
    const bundled = { file: 'restart-deployment.yaml', hash: HASH, document: parsed.document };
    api.extra['playbooks:list'] = () => ({
      ok: true,
      value: { playbooks: [playbookSummary(api.state, 'restart-deployment', bundled)], problems: ['broken.yaml:3: steps: a playbook needs at least one step'] },
    });
    api.extra['playbooks:runs'] = () => ({ ok: true, value: { runs: [] } });
    api.extra['playbooks:publish'] = ({ name }) => {
      api.mutate((s) => {
        s.playbooks = {
          current: { [name]: HASH },
          versions: {
            [HASH]: {
              name,
              hash: HASH,
              version: 1,
              number: 1,
              title: 'Restart a deployment',
              entry: hex64(9),
              publishedAt: 1,
              publishedBy: ME,
              document: parsed.document,
            },
          },
          runs: {},
        };
      });
      return { ok: true, value: { id: hex64(9), hash: HASH } };
    };
    render(<App client={api} />);
    await screen.findByRole('tab', { name: /^Playbooks/ });
    fireEvent.keyDown(window, { key: 'b' });
    const row = await screen.findByTestId('playbook-row');
    expect(row.getAttribute('data-published')).toBe('false');
    expect(row.textContent).toContain('restart-deployment: bundled v1, not published in this workspace');
    expect(screen.getByText('broken.yaml:3: steps: a playbook needs at least one step')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(screen.getByTestId('playbook-row').getAttribute('data-published')).toBe('true'));
    expect(api.calls.filter((c) => c.method === 'playbooks:publish').map((c) => c.params)).toEqual([{ name: 'restart-deployment' }]);
    expect(within(screen.getByTestId('playbook-row')).getByRole('button', { name: 'Run…' })).toBeTruthy();
  });
});
