import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CRASH_AFTER_SEND_ENV, Outbox } from '../../../main/dispatch';
import { cleanup, makeWorkspace, newClock, open, requestWebhook, SECRET, T0 } from './fixture';
import { startReceiver } from './receiver';

afterAll(cleanup);

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const child = fileURLToPath(new URL('./dispatchChild.ts', import.meta.url));

function runChild(dir: string, env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dir], {
      cwd: repoRoot,
      env: { ...process.env, CP_T: String(T0 + 60_000), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function crashThenRestart(dedup: boolean) {
  const clock = newClock();
  const receiver = await startReceiver(SECRET, () => T0 + 60_000);
  const dir = makeWorkspace(clock);
  const ws = open(dir, 'requester', clock);
  const id = requestWebhook(ws, receiver.url, 'staging');
  ws.close();
  const dedupEnv: Record<string, string> = dedup ? { CP_DEDUP: receiver.origin } : {};

  const crashed = await runChild(dir, { [CRASH_AFTER_SEND_ENV]: '*', ...dedupEnv });
  expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
  expect(receiver.requests).toHaveLength(1);
  const between = open(dir, 'requester', clock);
  expect(between.state.actions?.[id]?.status).toBe('dispatching');
  expect(new Outbox(between.store.db).get(id)).toMatchObject({ state: 'sending', sendingAttempt: 1 });
  between.close();

  const restarted = await runChild(dir, dedupEnv);
  expect(restarted.code, restarted.stderr).toBe(0);
  const after = open(dir, 'requester', clock);
  const results = [...after.store.entriesAfter(null)]
    .filter((e) => e.header.kind === 'action.result')
    .map((e) => e.body as { attempt: number; outcome: string; final: boolean; message: string });
  const state = after.state.actions?.[id];
  after.close();
  await receiver.close();
  return { id, receiver, results, state };
}

describe('crash between "sent" and "result recorded" (kill -9 of the dispatcher process)', () => {
  it('non-deduplicating target: never sent twice; the outcome is marked unknown for a human', async () => {
    const { receiver, results, state } = await crashThenRestart(false);
    expect(receiver.requests).toHaveLength(1);
    expect(state?.status).toBe('unknown');
    expect(results).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'unknown', final: true, message: expect.stringMatching(/^unknown outcome - needs a human/) }),
    ]);
  });

  it('deduplicating target: re-sent with the same idempotency key, acted on exactly once', async () => {
    const { id, receiver, results, state } = await crashThenRestart(true);
    expect(receiver.requests.map((r) => r.key)).toEqual([id, id]);
    expect(receiver.requests.every((r) => r.signed)).toBe(true);
    expect([...receiver.effects]).toEqual([id]);
    expect(state?.status).toBe('succeeded');
    expect(results.map((r) => [r.attempt, r.outcome, r.final])).toEqual([
      [1, 'failed', false],
      [2, 'succeeded', true],
    ]);
    expect(results[0]?.message).toMatch(/same idempotency key/);
  });
});
