import { useShallow } from 'zustand/react/shallow';
import type { SyncStatus } from '../../shared/api';
import { memberName, useWorkspaceStore } from '../workspace';
import { alertKey, useSyncStore } from './store';

const short = (id: string): string => id.slice(0, 10);

type Equivocation = SyncStatus['equivocations'][number];

const NONE: SyncStatus['equivocations'] = [];

/** One alert per equivocation not dismissed: a device signed two different entries for one place in its chain. */
export function EquivocationBanner() {
  const { equivocations, dismissed } = useSyncStore(useShallow((s) => ({ equivocations: s.status?.equivocations ?? NONE, dismissed: s.dismissed })));
  const state = useWorkspaceStore((s) => s.state);
  const shown = equivocations.filter((e) => !dismissed.includes(alertKey(e)));
  if (shown.length === 0) return null;
  const what = (e: Equivocation): string =>
    `${memberName(state, e.author)} signed two different entries as #${e.seq} (${short(e.stored)}… and ${short(e.conflicting)}…).`;
  return (
    <div className="equivocation-alerts">
      {shown.map((e) => (
        <div key={alertKey(e)} role="alert" className="error-banner" data-testid="equivocation-alert">
          <span>Equivocation: {what(e)} Both are kept as evidence and neither is applied twice; check that device.</span>
          <button type="button" aria-label="Dismiss equivocation alert" onClick={() => useSyncStore.getState().dismiss(alertKey(e))}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
