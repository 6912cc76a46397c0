import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivedSandbox } from './archiveWorkspace';
import { startS3, type TestS3 } from './s3Server';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliEntry = join(root, 'main', 'cli', 'index.ts');

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
});

/** Run `commandpost ARGS` from source in a child process and SIGKILL it once `killAfter` segments have reached the bucket. */
function archiveUntilKilled(
  args: string[],
  env: Record<string, string | undefined>,
  killAfter: number,
): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let seen = 0;
    let killed = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const stopListening = s3.onPut((key) => {
      if (!key.includes('/segments/')) return;
      seen += 1;
      if (!killed && seen >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      stopListening();
      if (!killed) reject(new Error(`archive exited on its own (code ${code}, signal ${signal}) before ${killAfter} segments; stderr:\n${stderr}`));
      else resolve({ signal, stderr });
    });
  });
}

describe('journal archive, killed mid-upload', () => {
  it('resumes: the re-run uploads only the missing segments, writes the manifest, and the archive verifies', async () => {
    const cli = await archivedSandbox(3_000);
    const folder = `resume/${cli.id}`;
    const args = ['journal', 'archive', '--to', `s3://${s3.bucket}/resume`, '--workspace', cli.workspace, '--endpoint', s3.endpoint, '--segment-entries', '10'];
    const total = Math.ceil(3234 / 10);

    // Its own temp directory, to see that a killed run leaves no copy of the journal behind.
    const tmp = join(cli.home, 'tmp');
    mkdirSync(tmp);
    const crash = await archiveUntilKilled(args, { ...cli.env, TMPDIR: tmp }, 40);
    expect(crash.signal).toBe('SIGKILL');
    expect(readdirSync(tmp).filter((name) => name.startsWith('commandpost-'))).toEqual([]);
    const before = (await s3.keys(`${folder}/`)).filter((k) => k.includes('/segments/'));
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.length).toBeLessThan(total);
    // No manifest until every segment is in and checked.
    expect(await s3.keys(`${folder}/manifest`)).toEqual([]);

    const mark = s3.puts.length;
    const rerun = await cli.run(...args);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`in ${total} segments`);
    expect(rerun.stdout).toContain(`${total - before.length} uploaded, ${before.length} already there.`);
    const uploaded = s3.puts.slice(mark).filter((k) => k.includes('/segments/'));
    expect(uploaded).toHaveLength(total - before.length);
    expect(uploaded.filter((k) => before.includes(k))).toEqual([]);
    expect(await s3.keys(`${folder}/manifest.json`)).toEqual([`${folder}/manifest.json`]);

    const verified = await cli.run('journal', 'verify', `s3://${s3.bucket}/${folder}`, '--endpoint', s3.endpoint);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/OK: 3234 entries/);
  });
});
