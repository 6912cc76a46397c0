import { create } from 'zustand';
import type { ApiClient, ParamsOf, BundledScenario, ExerciseReport, ExerciseStatus } from '../../shared/api';

// The Exercise tab: the core's exercises:status (reloaded on every state
// change, so injects show as they fire), the bundled scenarios for the start
// form, the after-action report once asked for, and the outcome of the last
// facilitator move, in the core's words.

/** Facilitator moves: each answers `{ message }` and is followed by a state change. */
export type ExerciseMove =
  | 'exercises:start'
  | 'exercises:fireNow'
  | 'exercises:adhocInject'
  | 'exercises:pause'
  | 'exercises:resume'
  | 'exercises:setSpeed'
  | 'exercises:note'
  | 'exercises:cast'
  | 'exercises:end';

export interface ExerciseStore {
  status: ExerciseStatus | null;
  scenarios: BundledScenario[] | null;
  report: ExerciseReport | null;
  notice: { ok: boolean; text: string } | null;
  busy: boolean;
  refresh(client: ApiClient): Promise<void>;
  loadScenarios(client: ApiClient): Promise<void>;
  /** Make a move; true if the core took it. */
  act<M extends ExerciseMove>(client: ApiClient, method: M, params: ParamsOf<M>): Promise<boolean>;
  loadReport(client: ApiClient): Promise<void>;
  reset(): void;
}

/** Replies to an older refresh than the latest are dropped: they would put an earlier status back on screen. */
let latestRefresh = 0;

const initial = { status: null, scenarios: null, report: null, notice: null, busy: false };

export const useExerciseStore = create<ExerciseStore>()((set, get) => ({
  ...initial,
  async refresh(client) {
    const mine = ++latestRefresh;
    const result = await client.call('exercises:status', {});
    if (mine !== latestRefresh) return;
    if (result.ok) set({ status: result.value });
    else set({ notice: { ok: false, text: result.error.message } });
  },
  async loadScenarios(client) {
    const result = await client.call('exercises:scenarios', {});
    if (result.ok) set({ scenarios: result.value });
    else set({ scenarios: [], notice: { ok: false, text: result.error.message } });
  },
  async act(client, method, params) {
    set({ busy: true });
    const result = await client.call(method, params);
    set({ busy: false, notice: result.ok ? { ok: true, text: (result.value as { message: string }).message } : { ok: false, text: result.error.message } });
    await get().refresh(client);
    return result.ok;
  },
  async loadReport(client) {
    set({ busy: true });
    const result = await client.call('exercises:report', {});
    set({ busy: false, ...(result.ok ? { report: result.value } : { notice: { ok: false, text: result.error.message } }) });
  },
  reset: () => {
    latestRefresh++;
    set(initial);
  },
}));
