import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { JournalStore } from '../../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { cleanupTempDirs, exportWires, tempDir, verifyFile } from './helpers';

afterAll(cleanupTempDirs);

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = join(repoRoot, 'test', 'fixtures', 'appendForever.ts');

interface Crash {
  /** Highest seq the child acknowledged (printed after appendMany returned) before it was killed. */
  acked: number;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Run the append-forever fixture in DIR and SIGKILL it once it has
 * acknowledged at least `killAfter` entries (as seq of its own chain).
 */
function appendUntilKilled(dir: string, seed: string, killAfter: number, timeoutMs = 25_000): Promise<Crash> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir, '50'], {
      cwd: repoRoot,
      env: { ...process.env, CP_TEST_SEED: seed },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acked = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`appendForever acknowledged only ${acked} entries in ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const m = /^acked (\d+)$/.exec(line);
        // Only count acknowledgements read before the kill: those are the ones a user was told about.
        if (m !== null && !killed) acked = Math.max(acked, Number(m[1]));
      }
      if (!killed && acked >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!killed) reject(new Error(`appendForever exited on its own (code ${code}, signal ${signal}); stderr:\n${stderr}`));
      else resolve({ acked, signal, stderr });
    });
  });
}

/** After the crash: the journal holds every acknowledged entry, verifies, and takes new appends. */
async function expectRecovered(dir: string, seed: string, crash: Crash): Promise<void> {
  expect(crash.signal).toBe('SIGKILL');
  const signer = signerFromSeed(seed);
  const file = join(dir, JOURNAL_FILE);

  const store = JournalStore.open(file, nodeCrypto, { create: false });
  const head = store.head(signer.publicKey);
  expect(head).not.toBeNull();
  // Every acknowledged seq is present (the chain is stored without gaps up to its head).
  expect(head!.seq).toBeGreaterThanOrEqual(crash.acked);
  const chain = [...store.entriesByAuthor(signer.publicKey, 1, head!.seq)];
  expect(chain).toHaveLength(head!.seq);
  expect(store.count()).toBe(head!.seq);
  expect(chain[0]!.header.kind).toBe('workspace.genesis');
  expect(chain[0]!.header.prev).toBeNull();
  for (let i = 1; i < chain.length; i++) {
    const e = chain[i]!;
    if (e.header.seq !== i + 1 || e.header.prev !== chain[i - 1]!.id) {
      expect.fail(`chain broken at index ${i}: seq ${e.header.seq}, prev ${e.header.prev}, expected prev ${chain[i - 1]!.id}`);
    }
  }
  expect(store.versionVector()).toEqual({ [signer.publicKey]: head!.seq });

  const { file: exported } = await exportWires(store, undefined, signer);
  store.close();
  const report = await verifyFile(exported);
  expect(report.failures).toEqual([]);
  expect(report.entries).toBe(head!.seq);

  // The workspace opens and the device's chain continues where the crash left it.
  const clock = new ManualClock(chain[chain.length - 1]!.header.hlc.wall + 1000);
  const ws = Workspace.open({ dir, clock, signer });
  expect(ws.state.applied).toBe(head!.seq);
  expect(ws.state.rejected).toEqual({});
  expect(report.stateHash).toBe(ws.stateHash());
  const next = ws.append('note.add', { text: 'after the crash' });
  expect(next.header.seq).toBe(head!.seq + 1);
  expect(next.header.prev).toBe(head!.id);
  const hash = ws.stateHash();
  ws.close();

  const again = Workspace.open({ dir, clock, signer });
  expect(again.store.count()).toBe(head!.seq + 1);
  expect(again.stateHash()).toBe(hash);
  again.close();
}

describe('kill -9 during appends', () => {
  it('keeps every acknowledged entry of a long append run, with an intact, verifiable chain', async () => {
    const dir = tempDir('cp-crash-');
    const { seed } = generateKeyPair();
    const crash = await appendUntilKilled(dir, seed, 3000);
    expect(crash.acked).toBeGreaterThanOrEqual(3000);
    await expectRecovered(dir, seed, crash);
  }, 40_000);

  it('recovers a journal killed right after its first acknowledged batch (WAL never checkpointed)', async () => {
    const dir = tempDir('cp-crash-');
    const { seed } = generateKeyPair();
    const crash = await appendUntilKilled(dir, seed, 1);
    expect(crash.acked).toBeGreaterThanOrEqual(1);
    await expectRecovered(dir, seed, crash);
  }, 40_000);
});
