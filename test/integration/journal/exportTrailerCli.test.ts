import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliHarness';

describe('journal export signs a trailer as this device', () => {
  it('ends the export with a trailer by this device, and refuses a device that is not a member', async () => {
    const admin = cliSandbox();
    expect((await admin.run('init', '--demo', '--workspace', admin.workspace)).code).toBe(0);
    const out = join(admin.home, 'w.jsonl');
    const exported = await admin.run('journal', 'export', '--workspace', admin.workspace, '--out', out);
    expect(exported.code).toBe(0);
    const key = /public key: (\S+)/.exec((await admin.run('identity', 'show')).stdout)![1]!;
    expect(exported.stdout).toContain(`signed by Priya Natarajan (${key})`);
    const last = JSON.parse(readFileSync(out, 'utf8').trimEnd().split('\n').at(-1)!) as { trailer: { exporter: string; entries: number } };
    expect(last.trailer).toMatchObject({ exporter: key, entries: 234 });
    const verified = await admin.run('journal', 'verify', out);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Trailer: 234 entries and 1 chain head(s) as exported by ${key}`);

    // Another device, with its own key but not in this workspace's roster.
    const stranger = cliSandbox();
    expect((await stranger.run('init', '--workspace', stranger.workspace)).code).toBe(0);
    const theirs = join(stranger.home, 'theirs.jsonl');
    const refused = await stranger.run('journal', 'export', '--workspace', admin.workspace, '--out', theirs);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/This device \(\S+\) is not an active member of workspace [0-9a-f]{32}, so the trailer it signs would not verify/);
    expect(existsSync(theirs)).toBe(false);
  });
});
