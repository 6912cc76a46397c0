import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/workspace';
import { DAY, clockedCli } from './retentionHarness';

// A short retention limit deletes text the response may still need: retain
// first says what it will redact, then asks on a terminal, or needs --yes.

const w = (cli: { workspace: string }) => ['--workspace', cli.workspace];

function noteBodies(dir: string): (string | null)[] {
  const ws = Workspace.open({ dir, clock: { now: () => 0 }, readonly: true });
  try {
    return (ws.store.db.prepare("SELECT body FROM entries WHERE kind = 'note.add' ORDER BY rowid").all() as { body: string | null }[]).map((r) => r.body);
  } finally {
    ws.close();
  }
}

/** A demo workspace whose notes are three days old. */
async function agedDemo() {
  const cli = clockedCli();
  expect((await cli.run('init', '--demo', ...w(cli))).code).toBe(0);
  cli.clock.advance(3 * DAY);
  return cli;
}

describe('journal retain with a short limit', () => {
  it('without a terminal: states what it would redact, then refuses without --yes; with --yes it redacts', async () => {
    const cli = await agedDemo();
    const before = noteBodies(cli.workspace);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((b) => b !== null)).toBe(true);

    const refused = await cli.run('journal', 'retain', '--older-than', '2d', ...w(cli));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`Retention (older than 2d) will redact ${before.length} entry bodies for good:`);
    const iso = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
    expect(refused.stdout).toMatch(new RegExp(`  ${before.length} note\\.add bodies, written ${iso} … ${iso}`));
    expect(refused.stderr).toContain('--older-than 2d is under 7 days');
    expect(refused.stderr).toContain('Nothing was redacted; run again with --yes');
    expect(noteBodies(cli.workspace)).toEqual(before);

    const confirmed = await cli.run('journal', 'retain', '--older-than', '2d', '--yes', ...w(cli));
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(`Redacted ${before.length} note.add bodies older than 2d`);
    expect(noteBodies(cli.workspace).every((b) => b === null)).toBe(true);
  });

  it('a limit of 7 days or more needs no confirmation, but still says what it will redact', async () => {
    const cli = await agedDemo();
    cli.clock.advance(7 * DAY);
    const n = noteBodies(cli.workspace).length;
    const run = await cli.run('journal', 'retain', '--older-than', '7d', ...w(cli));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Retention (older than 7d) will redact ${n} entry bodies for good:`);
    expect(run.stdout).toContain(`Redacted ${n} note.add bodies older than 7d`);
  });

  it('on a terminal (the built CLI under a pseudo-terminal) asks, and only "yes" redacts', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    expect(existsSync(join(root, 'out', 'main', 'cli.js')), 'out/main/cli.js missing: run `npm run build`').toBe(true);
    // Notes written at the harness clock's 2025 date are days old for the built CLI, which reads the system clock.
    const cli = await agedDemo();
    const n = noteBodies(cli.workspace).length;
    const retain = (answer: string) => {
      const command = [process.execPath, join(root, 'bin', 'commandpost.js'), 'journal', 'retain', '--older-than', '2d', '--workspace', cli.workspace]
        .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      // script(1) runs the command on a pseudo-terminal and types our stdin into it.
      return spawnSync('script', ['-qec', command, '/dev/null'], { input: answer, env: cli.env, encoding: 'utf8', timeout: 60_000 });
    };

    const no = retain('no\n');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain(`will redact ${n} entry bodies for good`);
    expect(no.stdout).toContain('Redact these bodies? Type "yes" to go ahead:');
    expect(no.stdout).toContain('Not confirmed; nothing was redacted.');
    expect(noteBodies(cli.workspace).every((b) => b !== null)).toBe(true);

    const yes = retain('yes\n');
    expect(yes.status, yes.stdout).toBe(0);
    expect(yes.stdout).toContain(`Redacted ${n} note.add bodies older than 2d`);
    expect(noteBodies(cli.workspace).every((b) => b === null)).toBe(true);
  });
});
