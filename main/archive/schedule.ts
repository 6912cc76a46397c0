import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import type { Timers } from '../clock';
import { Workspace } from '../workspace';
import { archiveWorkspace, type ArchiveReport } from './archive';
import { openBucket, type S3Connection } from './s3Bucket';
import { s3UrlOf, type S3Target } from './s3Target';

export interface ArchiveScheduleOptions {
  /** The workspace to archive; each run opens its journal read-only, beside whoever writes it. */
  workspaceDir: string;
  target: S3Target;
  connection: S3Connection;
  /** This device: signs trailer and manifest (an active member). */
  signer: Signer;
  clock: Clock;
  timers: Timers;
  /** Time from the end of one run to the start of the next. */
  everyMs: number;
  log: (line: string) => void;
  segmentEntries?: number;
}

export interface ArchiveSchedule {
  /** Cancel the next run and wait for a running one to end. */
  stop(): Promise<void>;
  /** The run in progress, or the next one started now (runs never overlap); its report, or null when it failed (the failure is logged). */
  runNow(): Promise<ArchiveReport | null>;
}

/**
 * Archive the workspace now and then every `everyMs` after each run ends, so
 * two runs never overlap however slow the server is. A failed run is logged
 * with its reason and simply tried again at the next tick: everything already
 * uploaded stays, so the retry only sends the rest.
 */
export function startArchiveSchedule(opts: ArchiveScheduleOptions): ArchiveSchedule {
  const where = s3UrlOf(opts.target);
  let running: Promise<ArchiveReport | null> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const once = async (): Promise<ArchiveReport | null> => {
    const bucket = openBucket(opts.target.bucket, opts.connection);
    let ws: Workspace | null = null;
    try {
      ws = Workspace.open({ dir: opts.workspaceDir, clock: opts.clock, readonly: true });
      const r = await archiveWorkspace(ws, { target: opts.target, bucket, signer: opts.signer, clock: opts.clock, segmentEntries: opts.segmentEntries });
      const manifest = r.manifestUrl === null ? 'already up to date' : `manifest ${r.manifestUrl}`;
      opts.log(`archive: ${r.entries} entries in ${r.segments} segments at ${where} (${r.uploaded} uploaded, ${r.present} already there), ${manifest}`);
      return r;
    } catch (err) {
      opts.log(`archive to ${where} failed, will retry in ${Math.round(opts.everyMs / 1000)} s: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    } finally {
      ws?.close();
      bucket.close();
    }
  };

  const run = (): Promise<ArchiveReport | null> => {
    if (running !== null) return running;
    if (stopped) return Promise.resolve(null);
    cancel?.();
    cancel = null;
    const current = once().finally(() => {
      running = null;
      if (!stopped) cancel = opts.timers.setTimeout(() => void run(), opts.everyMs);
    });
    running = current;
    return current;
  };

  cancel = opts.timers.setTimeout(() => void run(), 0);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      if (running !== null) await running;
    },
  };
}
