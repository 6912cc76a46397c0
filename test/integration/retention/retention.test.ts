import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/workspace';
import { DAY, clockedCli } from './retentionHarness';

const w = (cli: { workspace: string }) => ['--workspace', cli.workspace];

/** A demo workspace whose notes are 40 days old, plus one note written 25 days ago. */
async function agedDemo() {
  const cli = clockedCli();
  expect((await cli.run('init', '--demo', ...w(cli))).code).toBe(0);
  cli.clock.advance(15 * DAY);
  expect((await cli.run('note', 'add', 'Fresh note: rollback rehearsed', ...w(cli))).code).toBe(0);
  cli.clock.advance(25 * DAY);
  return cli;
}

function entryCount(dir: string): number {
  const ws = Workspace.open({ dir, clock: { now: () => 0 }, readonly: true });
  try {
    return ws.store.count();
  } finally {
    ws.close();
  }
}

function noteBodies(dir: string): { id: string; body: string | null; redacted_by: string | null }[] {
  const ws = Workspace.open({ dir, clock: { now: () => 0 }, readonly: true });
  try {
    return ws.store.db.prepare("SELECT id, body, redacted_by FROM entries WHERE kind = 'note.add' ORDER BY rowid").all() as never;
  } finally {
    ws.close();
  }
}

describe('commandpost journal retain', () => {
  it('redacts old note bodies by signed entries, keeps headers, still verifies, and is idempotent', async () => {
    const cli = await agedDemo();
    const before = noteBodies(cli.workspace);
    const old = before.length - 1;
    expect(old).toBeGreaterThan(0);

    const dry = await cli.run('journal', 'retain', '--older-than', '30d', '--dry-run', ...w(cli));
    expect(dry.code).toBe(0);
    expect(dry.stderr).toBe(''); // the admin could apply it
    expect(dry.stdout).toContain(`Dry run: would redact ${old} note.add bodies older than 30d`);
    expect(noteBodies(cli.workspace)).toEqual(before);

    const run = await cli.run('journal', 'retain', '--older-than', '30d', ...w(cli));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Redacted ${old} note.add bodies older than 30d`);
    const after = noteBodies(cli.workspace);
    expect(after.map((n) => n.id)).toEqual(before.map((n) => n.id)); // headers (entries) stay
    expect(after.filter((n) => n.body === null && n.redacted_by !== null)).toHaveLength(old);
    expect(after.at(-1)!.body).toContain('Fresh note'); // 25 days old: kept

    const verify = await cli.run('journal', 'verify', cli.workspace);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`(${old} redacted)`);
    const out = join(cli.home, 'after.jsonl');
    expect((await cli.run('journal', 'export', '--out', out, ...w(cli))).code).toBe(0);
    const verifyExport = await cli.run('journal', 'verify', out);
    expect(verifyExport.code).toBe(0);

    const count = entryCount(cli.workspace);
    const again = await cli.run('journal', 'retain', '--older-than', '30d', ...w(cli));
    expect(again.stdout).toContain('Nothing to redact: no note.add body older than 30d');
    expect(entryCount(cli.workspace)).toBe(count);
  });

  it('refuses a device without the admin role, and kinds that cannot be redacted', async () => {
    const cli = await agedDemo();
    const other = clockedCli();
    await other.run('init', '--workspace', other.workspace); // makes its device key
    const key = /public key: (\S+)/.exec((await other.run('identity', 'show')).stdout)![1]!;
    await cli.run('member', 'add', '--key', key, '--name', 'Rui Responder', '--role', 'commander,responder', ...w(cli));
    other.clock.set(cli.clock.now());
    const refused = await other.run('journal', 'retain', '--older-than', '30d', ...w(cli));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'cannot apply retention: journal.redact needs one of the roles admin; Rui Responder (this device) has commander, responder',
    );
    const dry = await other.run('journal', 'retain', '--older-than', '30d', '--dry-run', ...w(cli));
    expect(dry.stderr).toContain('note: this device could not apply it: journal.redact needs one of the roles admin; Rui Responder');

    const badKind = await cli.run('journal', 'retain', '--older-than', '30d', '--kinds', 'task.create', ...w(cli));
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('task.create: cannot be redacted; redactable kinds are note.add');
    const badAge = await cli.run('journal', 'retain', '--older-than', 'a month', ...w(cli));
    expect(badAge.code).toBe(2);
  });
});
