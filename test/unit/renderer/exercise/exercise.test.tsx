// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ManualClock } from '../../../../shared/clock';
import { exerciseStatus, injectDueAt, parseScenarioText, type InjectPayload, type Scenario } from '../../../../shared/exercise';
import type { ExerciseState, WorkspaceState } from '../../../../shared/state';
import { exerciseEntrySummary, useExerciseStore } from '../../../../renderer/exercise';
import { adhocPayload, EMPTY_ADHOC } from '../../../../renderer/exercise/adhocDraft';
import { useShellStore } from '../../../../renderer/shell';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, hex64, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

// The exercise banner and the Exercise tab over an in-memory API whose
// answers come from the same pure function the host uses (exerciseStatus),
// for the bundled database-failover scenario.

// jsdom gives import.meta an http URL; vitest runs from the repository root.
const TEXT = readFileSync(join(process.cwd(), 'resources', 'scenarios', 'database-failover-peak.yaml'), 'utf8');
const SCENARIO: Scenario = (() => {
  const parsed = parseScenarioText(TEXT);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.scenario;
})();
const START = 1_700_000_000_000;
const MIN = 60_000;

const VP: InjectPayload = { type: 'message', from: 'VP Commerce', to: 'commander', channel: 'Slack #exec', text: 'What is the ETA?' };

/** The demo state running the scenario at 60x since START, cast as given, with `fired` injects fired. */
function exerciseState(opts: {
  facilitator: string;
  cast?: Record<string, string>;
  status?: ExerciseState['status'];
  fired?: ExerciseState['fired'];
}): WorkspaceState {
  const s = demoState();
  s.members[opts.facilitator]!.roles = ['admin', 'facilitator'];
  s.exercise = {
    scenario: 'c'.repeat(64),
    scenarioId: SCENARIO.id,
    title: SCENARIO.title,
    seed: '1',
    entry: hex64(500),
    startedBy: opts.facilitator,
    origin: START,
    segments: [{ wall: START, sim: 0, speed: 60, running: opts.status !== 'paused' }],
    status: opts.status ?? 'running',
    endedAt: opts.status === 'ended' ? 12 * MIN : null,
    participants: SCENARIO.participants.map((p) => p.id).sort(),
    cast: opts.cast ?? {},
    schedule: Object.fromEntries(SCENARIO.injects.map((i) => [i.id, injectDueAt('1', i)])),
    fired: opts.fired ?? {},
    disruptions: [],
    notes: 0,
  };
  return s;
}

function exerciseApi(state: WorkspaceState, clock: ManualClock): FakeApi {
  const api = new FakeApi(state);
  const done = (message: string) => ({ ok: true as const, value: { message } });
  api.extra['exercises:status'] = () => ({
    ok: true,
    value: api.state.exercise ? exerciseStatus(api.state, api.state.exercise, SCENARIO, ME, clock.now()) : null,
  });
  api.extra['exercises:fireNow'] = ({ inject }) => done(`Fired ${inject}`);
  api.extra['exercises:pause'] = () => done('Paused at T+12:30');
  api.extra['exercises:setSpeed'] = ({ speed }) => done(`Speed ${speed}x`);
  api.extra['exercises:end'] = () => {
    api.mutate((s) => {
      if (s.exercise) s.exercise.status = 'ended';
    });
    return done('Ended at T+12:30');
  };
  api.extra['exercises:adhocInject'] = () => done('Fired adhoc-1');
  api.extra['exercises:report'] = () => ({
    ok: true,
    value: {
      title: 'After-action report',
      markdown: '# After-action report\n\nScore: 25 / 100\n',
      html: '<!doctype html><title>r</title>',
      score: {
        earned: 25,
        possible: 100,
        results: [
          { id: 'declare', description: 'Incident declared after the first alert', outcome: 'met', earned: 10, points: 10 },
          { id: 'failover-task', description: 'Failover task given to the data team', outcome: 'met', earned: 15, points: 15 },
          { id: 'resolved', description: 'Incident resolved before the end', outcome: 'missed', earned: 0, points: 5 },
        ],
      },
    },
  });
  return api;
}

async function openExerciseTab(api: FakeApi, clock: ManualClock) {
  render(<App client={api} clock={clock} />);
  await screen.findByTestId('service-node-db');
  act(() => useShellStore.getState().setTab('exercise'));
}

describe('exercise mode in the console', () => {
  useCleanConsole();
  beforeEach(() => useExerciseStore.getState().reset());

  it('shows a banner with the scenario clock whenever the workspace runs an exercise', async () => {
    const clock = new ManualClock(START + 12_500); // 12.5 s at 60x: T+12:30
    render(<App client={exerciseApi(exerciseState({ facilitator: ME }), clock)} clock={clock} />);
    const banner = await screen.findByTestId('exercise-banner');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('EXERCISE — Database failover under peak load — T+12:30 — 60× — running');
    expect(banner.getAttribute('data-status')).toBe('running');
  });

  it('shows no banner in a real workspace', async () => {
    render(<App client={new FakeApi(demoState())} />);
    await screen.findByTestId('service-node-db');
    expect(screen.queryByTestId('exercise-banner')).toBeNull();
  });

  it('gives the facilitator the clock, the injects with "Fire now", and the end (asked once)', async () => {
    const clock = new ManualClock(START + 12_500);
    const state = exerciseState({
      facilitator: ME,
      cast: { commander: BOB },
      fired: {
        'replication-lag': {
          at: MIN,
          dueAt: MIN,
          source: 'scenario',
          entry: hex64(501),
          by: ME,
          payload: { type: 'alert', source: 'Prometheus', severity: 'warning', title: 'lag', service: null, text: '' },
        },
      },
    });
    const api = exerciseApi(state, clock);
    await openExerciseTab(api, clock);
    await screen.findByText('You facilitate this exercise.');
    const rows = screen.getAllByTestId('exercise-inject');
    expect(rows.map((r) => [r.getAttribute('data-inject'), r.getAttribute('data-status')])).toContainEqual(['replication-lag', 'fired']);
    expect(rows.filter((r) => r.getAttribute('data-status') === 'pending')).toHaveLength(7);
    expect(screen.getByTestId('next-inject').textContent).toBe('Next: db-degraded at T+03:00');

    fireEvent.click(screen.getByRole('button', { name: 'Fire db-down now' }));
    expect(await screen.findByTestId('exercise-notice')).toHaveProperty('textContent', 'Fired db-down');
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(screen.getByTestId('exercise-notice').textContent).toBe('Paused at T+12:30'));
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '30' } });
    await waitFor(() => expect(screen.getByTestId('exercise-notice').textContent).toBe('Speed 30x'));

    fireEvent.click(screen.getByRole('button', { name: 'End exercise…' }));
    const confirm = screen.getByRole('form', { name: 'End the exercise' });
    expect(confirm.textContent).toContain('This cannot be undone');
    fireEvent.change(within(confirm).getByLabelText('Reason'), { target: { value: 'time is up' } });
    fireEvent.click(within(confirm).getByRole('button', { name: 'End exercise now' }));
    // Ended: the report loads by itself, with the score and the rubric.
    expect((await screen.findByTestId('exercise-score')).textContent).toBe('Score: 25 / 100');
    expect(screen.getAllByTestId('rubric-row').map((r) => r.getAttribute('data-outcome'))).toEqual(['met', 'met', 'missed']);
    const md = screen.getByRole('link', { name: 'Download Markdown' });
    expect(md.getAttribute('download')).toBe('after-action-database-failover-peak.md');
    expect(decodeURIComponent(md.getAttribute('href') ?? '')).toBe('data:text/markdown;charset=utf-8,# After-action report\n\nScore: 25 / 100\n');
    expect(screen.getByRole('link', { name: 'Download printable HTML' }).getAttribute('href')).toMatch(/^data:text\/html;/);
    const moves = api.calls.filter((c) => c.method.startsWith('exercises:') && !['exercises:status', 'exercises:report'].includes(c.method));
    expect(moves).toEqual([
      { method: 'exercises:fireNow', params: { inject: 'db-down' } },
      { method: 'exercises:pause', params: {} },
      { method: 'exercises:setSpeed', params: { speed: 30 } },
      { method: 'exercises:end', params: { reason: 'time is up' } },
    ]);
  });

  it('shows a participant what fired and the stakeholder messages, and nothing of what is to come', async () => {
    const clock = new ManualClock(START + 9_000);
    // BOB facilitates; this console (ME) plays the commander.
    const state = exerciseState({
      facilitator: BOB,
      cast: { commander: ME },
      fired: { 'vp-message': { at: 8 * MIN, dueAt: 8 * MIN, source: 'scenario', entry: hex64(502), by: BOB, payload: VP } },
    });
    await openExerciseTab(exerciseApi(state, clock), clock);
    await screen.findByText('You play Incident commander.');
    const message = screen.getByTestId('exercise-message');
    expect(message.textContent).toContain('VP Commerce → commander · Slack #exec');
    expect(message.textContent).toContain('What is the ETA?');
    expect(message.className).toContain('for-me');
    expect(screen.getAllByTestId('exercise-inject').map((r) => r.getAttribute('data-inject'))).toEqual(['vp-message']);
    expect(screen.queryByRole('button', { name: /Fire .* now/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(screen.queryByTestId('exercise-report')).toBeNull();
  });

  /** The demo state as a freshly initialised workspace would have it: no incidents, this device its admin. */
  function freshState(roles: WorkspaceState['members'][string]['roles'] = ['admin', 'commander']): WorkspaceState {
    const s = demoState();
    s.incidents = {};
    s.members[ME]!.roles = roles;
    return s;
  }

  function withScenarios(api: FakeApi): FakeApi {
    api.extra['exercises:scenarios'] = () => ({
      ok: true,
      value: [
        {
          id: SCENARIO.id,
          title: SCENARIO.title,
          duration: SCENARIO.duration,
          briefing: SCENARIO.briefing,
          participants: [],
          injects: SCENARIO.injects.length,
        },
      ],
    });
    return api;
  }

  it('never offers Start where the core would refuse it: a workspace with incidents, or a starter who is no admin', async () => {
    const clock = new ManualClock(START);
    const api = withScenarios(exerciseApi(demoState(), clock));
    await openExerciseTab(api, clock);
    const form = await screen.findByRole('form', { name: 'Start an exercise' });
    const start = within(form).getByRole('button', { name: 'Start exercise' });
    expect(start).toHaveProperty('disabled', true);
    const why = within(form).getByTestId('exercise-start-refusal');
    expect(why.textContent).toContain('this workspace holds incidents (1), so it cannot host an exercise');
    expect(why.textContent).toContain('commandpost init --workspace DIR');
    fireEvent.submit(form);
    expect(api.calls.some((c) => c.method === 'exercises:start')).toBe(false);

    // A responder in a fresh workspace: the admins are named.
    act(() => api.mutate((s) => Object.assign(s, freshState(['responder']))));
    await waitFor(() => expect(within(form).getByTestId('exercise-start-refusal').textContent).toContain('takes the admin role; you are responder'));
    expect(within(form).getByTestId('exercise-start-refusal').textContent).not.toContain('holds incidents');
  });

  it('starts a bundled scenario at the chosen speed in a fresh workspace', async () => {
    const clock = new ManualClock(START);
    const api = withScenarios(exerciseApi(freshState(), clock));
    api.extra['exercises:start'] = () => ({ ok: false, error: { code: 'refused', message: 'this workspace holds incidents, so it cannot host an exercise' } });
    await openExerciseTab(api, clock);
    const form = await screen.findByRole('form', { name: 'Start an exercise' });
    expect(within(form).queryByTestId('exercise-start-refusal')).toBeNull();
    expect(form.textContent).toContain('It is Black Friday');
    fireEvent.change(within(form).getByLabelText('Speed'), { target: { value: '60' } });
    expect(form.textContent).toContain('30m of scenario time · 8 injects · 30s at 60×');
    fireEvent.click(within(form).getByRole('button', { name: 'Start exercise' }));
    expect((await screen.findByTestId('exercise-notice')).textContent).toBe('this workspace holds incidents, so it cannot host an exercise');
    expect(api.calls.find((c) => c.method === 'exercises:start')?.params).toEqual({ scenario: 'database-failover-peak', speed: 60 });
  });

  it('builds ad-hoc injects with the journal schema and names what is missing', () => {
    expect(adhocPayload({ ...EMPTY_ADHOC, type: 'partition', cut: ['commander'], cutFrom: ['data-oncall'], minutes: '2.5' })).toEqual({
      ok: true,
      payload: { type: 'partition', cut: ['commander'], from: ['data-oncall'], duration: 150_000, description: '' },
    });
    expect(adhocPayload({ ...EMPTY_ADHOC, type: 'message', from: 'CFO', text: '' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^text: /) });
    expect(adhocPayload({ ...EMPTY_ADHOC, type: 'partition', cut: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^cut: /) });
  });

  it('says on the timeline what an inject did', () => {
    const entry = { inject: 'vp-message', source: 'scenario', payload: VP };
    expect(exerciseEntrySummary('exercise.inject', entry)).toBe('inject vp-message: message from VP Commerce to commander via Slack #exec: "What is the ETA?"');
    expect(exerciseEntrySummary('exercise.clock', { action: 'speed', speed: 30 })).toBe('speed 30×');
    expect(exerciseEntrySummary('note.add', { text: 'x' })).toBeNull();
  });

  it('fires an ad-hoc stakeholder message from the form', async () => {
    const clock = new ManualClock(START + 12_500);
    const api = exerciseApi(exerciseState({ facilitator: ME }), clock);
    await openExerciseTab(api, clock);
    const form = await screen.findByRole('form', { name: 'Ad-hoc inject' });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: 'CFO' } });
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: 'commander' } });
    fireEvent.change(within(form).getByLabelText('Message'), { target: { value: 'Do we need to tell the board?' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fire ad-hoc inject' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'exercises:adhocInject')?.params).toEqual({
        payload: { type: 'message', from: 'CFO', to: 'commander', channel: '', text: 'Do we need to tell the board?' },
      }),
    );
  });
});
