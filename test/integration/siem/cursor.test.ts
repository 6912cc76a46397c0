import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { nodeTimers, systemClock } from '../../../main/clock';
import { CURSOR_DIR, readCursor, startSiemForwarding, type SinkConfig } from '../../../main/siem';
import { cleanupTempDirs, tempDir } from '../../support/demoWorkspace';
import { seededRandom } from '../../support/seededRandom';
import { waitUntil } from '../../support/waitUntil';
import { useReceivers, type Receiver } from './receivers';
import { journalIds, siemWorkspace, verifyReceived } from './siemWorkspace';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const child = join(repoRoot, 'test', 'integration', 'siem', 'forwardChild.ts');
const TOKEN = 'hec-5e2a9c71-3f0b-4d6e-8a1c-7b9d2f4e6a80';
const OTLP_KEY = 'otlp-key-6c1d0e9f2b7a';

afterAll(cleanupTempDirs);
const receiver = useReceivers();

/** Ids the receiver got more than once. */
function duplicates(r: Receiver): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of r.ids) (seen.has(id) ? twice : seen).add(id);
  return twice;
}

describe('the SIEM cursor', () => {
  it('resumes after a stop mid-request: every entry arrives, and only the batch in flight twice', async () => {
    const { dir } = siemWorkspace(1000);
    const otlp = await receiver('otlp');
    const sinks: SinkConfig[] = [{ kind: 'otlp', url: otlp.url }];
    const opts = {
      workspaceDir: dir,
      sinks,
      device: 'test-device',
      clock: systemClock,
      timers: nodeTimers,
      random: seededRandom(3),
      log: () => undefined,
      limits: { maxEntries: 100, maxBytes: 1024 * 1024 },
    };
    otlp.holdAfter = 300;
    const first = startSiemForwarding(opts);
    await waitUntil('the fourth batch held at the receiver', () => otlp.waiting === 1);
    const [stopped] = await first.stop();
    expect(stopped).toMatchObject({ state: 'stopped', forwarded: 300 });
    const all = journalIds(dir);
    const cursorFiles = readdirSync(join(dir, CURSOR_DIR));
    expect(cursorFiles).toHaveLength(1); // no temp file left beside it
    expect(readCursor(join(dir, CURSOR_DIR, cursorFiles[0]!))).toMatchObject({ kind: 'otlp', endpoint: `${otlp.url}/v1/logs`, rowid: stopped!.cursor });

    // The receiver goes on to keep the batch whose answer the stopped sender never read.
    otlp.release();
    await waitUntil('the held batch kept', () => otlp.ids.length === 400);

    const [done] = await startSiemForwarding({ ...opts, follow: false }).finished;
    expect(done).toMatchObject({ state: 'done', forwarded: all.length - 300 });
    expect(otlp.distinct()).toEqual(new Set(all));
    expect(duplicates(otlp)).toEqual(new Set(all.slice(300, 400)));
    expect(verifyReceived(otlp)).toEqual([]);
  });

  it('resumes after kill -9 of `journal forward`: every entry arrives, and only the batch in flight twice', async () => {
    const { dir } = siemWorkspace(2000);
    const hec = await receiver('hec', TOKEN);
    const otlp = await receiver('otlp', OTLP_KEY);
    const home = tempDir('cp-siem-cli-');
    const env = {
      PATH: process.env.PATH ?? '',
      COMMANDPOST_HOME: join(home, 'config'),
      COMMANDPOST_SECRET_STORE: 'file',
      COMMANDPOST_PASSPHRASE: 'correct horse battery staple',
    };
    for (const [name, value] of [
      ['splunk-hec', TOKEN],
      ['otlp-key', OTLP_KEY],
    ] as const) {
      const set = await runCli(['connector', 'secret', 'set', name], {
        stdout: () => undefined,
        stderr: () => undefined,
        env,
        stdin: null,
        readInput: async () => `${value}\n`,
      });
      expect(set).toBe(0);
    }
    const args = ['--workspace', dir, '--hec', hec.url, '--hec-token-secret', 'splunk-hec', '--otlp', otlp.url, '--otlp-header-secret', 'api-key=otlp-key'];
    const all = journalIds(dir);

    // Default batches are 500 entries: hold the third one at the HEC receiver, then kill the process.
    hec.holdAfter = 1000;
    const killed = await runChild(args, env, () => hec.waiting === 1);
    expect(killed.signal).toBe('SIGKILL');
    hec.release();
    await waitUntil('the held batch kept', () => hec.ids.length === 1500);

    const rerun = await runChild(args, env, null);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/Forwarded \d+ entries to hec http:\/\/127\.0\.0\.1:\d+\/services\/collector\/event; it has everything up to row \d+\./);
    for (const r of [hec, otlp]) {
      expect(r.distinct()).toEqual(new Set(all));
      expect(verifyReceived(r)).toEqual([]);
    }
    expect(duplicates(hec)).toEqual(new Set(all.slice(1000, 1500)));
    // OTLP went at its own pace: at most the one batch it had in flight when the process died came twice.
    expect(duplicates(otlp).size).toBeLessThanOrEqual(500);
    expect(killed.stderr + rerun.stderr + rerun.stdout).not.toContain(TOKEN);
    expect(killed.stderr + rerun.stderr + rerun.stdout).not.toContain(OTLP_KEY);
  }, 60_000);
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `journal forward` in a child; with `killWhen`, SIGKILL it as soon as that holds. */
function runChild(args: string[], env: Record<string, string>, killWhen: (() => boolean) | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    if (killWhen !== null) {
      waitUntil('the moment to kill journal forward', killWhen, 30_000).then(
        () => proc.kill('SIGKILL'),
        (err: unknown) => {
          proc.kill('SIGKILL');
          reject(err instanceof Error ? new Error(`${err.message}; stderr:\n${stderr}`) : err);
        },
      );
    }
    proc.on('error', reject);
    proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
