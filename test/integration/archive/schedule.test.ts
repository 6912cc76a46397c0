import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArchiveSchedule } from '../../../main/archive';
import { CliContext } from '../../../main/cli/context';
import type { Timers } from '../../../main/clock';
import { systemClock } from '../../../main/clock';
import { archivedSandbox } from './archiveWorkspace';
import { S3RVER_KEYS, startS3, type TestS3 } from './s3Server';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
});

/** Timers the test fires by hand: no waiting on the wall clock. */
class HandTimers implements Timers {
  private pending: { fn: () => void; ms: number; live: boolean }[] = [];
  setTimeout(fn: () => void, ms: number): () => void {
    const t = { fn, ms, live: true };
    this.pending.push(t);
    return () => {
      t.live = false;
    };
  }
  /** The delays of the timers still set. */
  get waiting(): number[] {
    return this.pending.filter((t) => t.live).map((t) => t.ms);
  }
  fire(): void {
    const due = this.pending.filter((t) => t.live);
    this.pending = [];
    for (const t of due) t.fn();
  }
}

const FIFTEEN_MINUTES = 15 * 60_000;

describe('startArchiveSchedule (for serve --archive-to)', () => {
  it('archives at once and then after each run, never two at a time, logging a failure and retrying it', async () => {
    const cli = await archivedSandbox(500);
    const me = await new CliContext({ stdout: () => undefined, stderr: () => undefined, env: cli.env, stdin: null }).identity(false);
    const timers = new HandTimers();
    const log: string[] = [];
    const schedule = startArchiveSchedule({
      workspaceDir: cli.workspace,
      target: { bucket: 'made-later', prefix: 'serve' },
      connection: {
        endpoint: s3.endpoint,
        credentials: { accessKeyId: S3RVER_KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: S3RVER_KEYS.AWS_SECRET_ACCESS_KEY },
      },
      signer: me.signer,
      clock: systemClock,
      timers,
      everyMs: FIFTEEN_MINUTES,
      log: (line) => log.push(line),
      segmentEntries: 200,
    });
    // The first run is due at once; the bucket does not exist yet, so it fails, says why, and waits for the next tick.
    expect(timers.waiting).toEqual([0]);
    timers.fire();
    const first = schedule.runNow();
    expect(schedule.runNow()).toBe(first);
    expect(await first).toBeNull();
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`archive to s3://made-later/serve failed, will retry in 900 s: bucket made-later does not exist at ${s3.endpoint}`);
    expect(log[0]).toMatch(new RegExp(`\\(PutObject s3://made-later/serve/${cli.id}/segments/[0-9a-f]{64}\\.jsonl\\)$`));
    expect(timers.waiting).toEqual([FIFTEEN_MINUTES]);

    await s3.createBucket('made-later');
    timers.fire();
    const second = await schedule.runNow();
    expect(second).toMatchObject({ workspace: cli.id, entries: 734, segments: 4, uploaded: 4, present: 0 });
    expect(log[1]).toBe(`archive: 734 entries in 4 segments at s3://made-later/serve (4 uploaded, 0 already there), manifest ${second?.manifestUrl}`);
    expect(timers.waiting).toEqual([FIFTEEN_MINUTES]);

    // Nothing new: the next run uploads nothing and writes no manifest.
    timers.fire();
    expect(await schedule.runNow()).toMatchObject({ uploaded: 0, present: 4, manifestUrl: null });
    expect(log[2]).toContain('(0 uploaded, 4 already there), already up to date');

    const verified = await cli.run('journal', 'verify', `s3://made-later/serve/${cli.id}`, '--endpoint', s3.endpoint);
    expect(verified.code).toBe(0);

    await schedule.stop();
    expect(timers.waiting).toEqual([]);
    expect(await schedule.runNow()).toBeNull();
  });
});
