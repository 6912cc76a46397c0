import { create } from 'zustand';
import type { ApiClient, ParamsOf, PlaybookSummary, RunSummary, RunView } from '../../shared/api';

// The Playbooks tab: the playbooks and runs as the core shapes them
// (playbooks:list / playbooks:runs / playbooks:run), and which screen the tab
// shows. The panel reloads whatever it shows when the workspace's state hash
// changes, i.e. on every state:changed, so a run moves step by step on screen
// as the host takes it further.

export type PlaybookScreen = { kind: 'list' } | { kind: 'start'; playbook: string } | { kind: 'run'; run: string };

export interface PlaybooksStore {
  screen: PlaybookScreen;
  playbooks: PlaybookSummary[] | null;
  /** Bundled playbook files that do not parse (file, line, what is wrong). */
  problems: string[];
  runs: RunSummary[];
  run: RunView | null;
  /** The last refused or failed request, in the core's words. */
  error: string | null;
  busy: boolean;
  show(screen: PlaybookScreen): void;
  /** Reload what the current screen shows. */
  refresh(client: ApiClient): Promise<void>;
  publish(client: ApiClient, name: string): Promise<boolean>;
  /** Start a run; on success the tab shows it. */
  start(client: ApiClient, params: ParamsOf<'playbooks:start'>): Promise<string | null>;
  approve(client: ApiClient, run: string, step: string): Promise<void>;
  reset(): void;
}

/** Replies to an older refresh than the latest are dropped: they would put an earlier step state back on screen. */
let latestRefresh = 0;

const initial = { screen: { kind: 'list' } as PlaybookScreen, playbooks: null, problems: [], runs: [], run: null, error: null, busy: false };

export const usePlaybooksStore = create<PlaybooksStore>()((set, get) => {
  /** Run a command; its refusal lands in `error`, and the screen is reloaded either way. */
  const command = async <T>(client: ApiClient, call: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T | null> => {
    set({ busy: true, error: null });
    const result = await call();
    set({ busy: false, error: result.ok ? null : result.error.message });
    await get().refresh(client);
    return result.ok ? result.value : null;
  };

  return {
    ...initial,
    show(screen) {
      set({ screen, error: null, ...(screen.kind === 'run' && get().run?.id !== screen.run ? { run: null } : {}) });
    },
    async refresh(client) {
      const mine = ++latestRefresh;
      const screen = get().screen;
      if (screen.kind === 'run') {
        const result = await client.call('playbooks:run', { run: screen.run });
        if (mine !== latestRefresh) return;
        if (result.ok) set({ run: result.value });
        else set({ error: result.error.message });
        return;
      }
      const [list, runs] = await Promise.all([client.call('playbooks:list', {}), client.call('playbooks:runs', { limit: 20 })]);
      if (mine !== latestRefresh) return;
      if (list.ok) set({ playbooks: list.value.playbooks, problems: list.value.problems });
      if (runs.ok) set({ runs: runs.value.runs });
      const failed = !list.ok ? list.error.message : !runs.ok ? runs.error.message : null;
      if (failed !== null) set({ error: failed });
    },
    async publish(client, name) {
      return (await command(client, () => client.call('playbooks:publish', { name }))) !== null;
    },
    async start(client, params) {
      set({ busy: true, error: null });
      const result = await client.call('playbooks:start', params);
      set({ busy: false });
      if (!result.ok) {
        set({ error: result.error.message });
        return null;
      }
      get().show({ kind: 'run', run: result.value.run });
      await get().refresh(client);
      return result.value.run;
    },
    async approve(client, run, step) {
      await command(client, () => client.call('playbooks:approve', { run, step }));
    },
    reset() {
      latestRefresh = 0;
      set(initial);
    },
  };
});
