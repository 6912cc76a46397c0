import { useSyncStore } from './store';

const fmt = (n: number) => n.toLocaleString('en-US');

/** "syncing 4,310 / 12,000 entries" while a catch-up runs; nothing otherwise. */
export function SyncProgress() {
  const progress = useSyncStore((s) => s.status?.progress ?? null);
  if (progress === null) return null;
  const text = `syncing ${fmt(progress.received)} / ${fmt(progress.total)} entries`;
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <div role="progressbar" aria-label="Peer sync" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.received} aria-valuetext={text}>
        <div className="sync-progress-bar" style={{ width: `${(100 * progress.received) / Math.max(1, progress.total)}%` }} />
      </div>
      <span>{text}</span>
    </div>
  );
}
