import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, runCli } from '../../../main/cli/run';
import { ManualClock } from '../../../shared/clock';
import { Workspace } from '../../../main/workspace';
import { cliSandbox } from './cliHarness';

// Issue 13: bad input changes nothing and says what to do; every command
// takes --workspace or says why not.

const SCENARIO = join(__dirname, '..', '..', '..', 'resources', 'scenarios', 'database-failover-peak.yaml');

function entryCount(dir: string): number {
  const ws = Workspace.open({ dir, clock: new ManualClock(0) });
  try {
    return ws.store.count();
  } finally {
    ws.close();
  }
}

describe('bad input changes nothing', () => {
  it('exercise speed 999 fires no inject and writes nothing, though injects are due', async () => {
    const cli = cliSandbox();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 18, 0));
    const run = async (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: cli.env, stdin: null, clock });
      return { code, stdout, stderr };
    };
    expect((await run('exercise', 'start', SCENARIO, '--workspace', cli.workspace)).code).toBe(0);
    clock.advance(20 * 60_000); // scenario injects are now overdue: opening the workspace as me would fire them
    const before = entryCount(cli.workspace);
    for (const bad of ['999', '0', '1.5', 'fast']) {
      const r = await run('exercise', 'speed', bad, '--workspace', cli.workspace);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('speed must be between 1 and 60');
      expect(r.stdout).not.toContain('inject');
      expect(entryCount(cli.workspace)).toBe(before);
    }
    // The same command with a good speed does fire the overdue injects and changes the speed: the check above can fail.
    const ok = await run('exercise', 'speed', '5', '--workspace', cli.workspace);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('inject');
    expect(entryCount(cli.workspace)).toBeGreaterThan(before + 1);
  });

  it('init --workspace FILE is refused as a file and creates nothing, not even the device identity', async () => {
    const cli = cliSandbox();
    const file = join(cli.home, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await cli.run('init', '--demo', '--workspace', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`commandpost init: --workspace ${file} is a file, not a directory\n`);
    expect(existsSync(cli.env.COMMANDPOST_HOME)).toBe(false);
    const viaEnv = cliSandbox({ COMMANDPOST_WORKSPACE: file });
    const r2 = await viaEnv.run('status');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`COMMANDPOST_WORKSPACE=${file} is a file, not a directory`);
  });
});

/** For each command: an invocation with --workspace, and whether it must accept the flag or refuse it. */
type Probe = { argv: (ws: string, out: string) => string[]; expect: 'accepts' | 'refuses' };

const PROBES: Record<string, Probe[]> = {
  init: [{ argv: (_ws, out) => ['init', '--workspace', join(out, 'fresh')], expect: 'accepts' }],
  identity: [{ argv: (ws) => ['identity', 'show', '--workspace', ws], expect: 'refuses' }],
  member: [{ argv: (ws) => ['member', 'list', '--workspace', ws], expect: 'accepts' }],
  journal: [{ argv: (ws, out) => ['journal', 'export', '--workspace', ws, '--out', join(out, 'j.jsonl')], expect: 'accepts' }],
  catalog: [
    {
      argv: (ws) => ['catalog', 'import', join(__dirname, '..', '..', '..', 'resources', 'demo', 'catalog.yaml'), '--dry-run', '--workspace', ws],
      expect: 'accepts',
    },
  ],
  // serve runs until stopped: a refused --as shows the options (--workspace among them) were parsed.
  serve: [{ argv: (ws) => ['serve', '--workspace', ws, '--as', 'nobody'], expect: 'accepts' }],
  peer: [{ argv: (ws) => ['peer', 'list', '--workspace', ws], expect: 'accepts' }],
  policy: [{ argv: (ws) => ['policy', 'show', '--workspace', ws], expect: 'accepts' }],
  action: [
    { argv: (ws) => ['action', 'list', '--workspace', ws], expect: 'accepts' },
    { argv: (ws) => ['action', 'outbox', '--workspace', ws], expect: 'accepts' },
  ],
  connector: [
    { argv: (ws) => ['connector', 'list', '--workspace', ws], expect: 'accepts' },
    { argv: (ws) => ['connector', 'secret', 'set', 'webhook', '--workspace', ws], expect: 'refuses' },
  ],
  playbook: [{ argv: (ws) => ['playbook', 'list', '--workspace', ws], expect: 'accepts' }],
  exercise: [{ argv: (ws, out) => ['exercise', 'from-incident', '--out', join(out, 'replay.yaml'), '--workspace', ws], expect: 'accepts' }],
  report: [{ argv: (ws, out) => ['report', 'incident', '--out', join(out, 'r.md'), '--workspace', ws], expect: 'accepts' }],
  status: [{ argv: (ws) => ['status', '--workspace', ws], expect: 'accepts' }],
  ics: [{ argv: (ws) => ['ics', 'org', '--workspace', ws], expect: 'accepts' }],
  incident: [{ argv: (ws) => ['incident', 'open', '--title', 'Probe', '--workspace', ws], expect: 'accepts' }],
  service: [{ argv: (ws) => ['service', 'show', 'redis-cache', '--workspace', ws], expect: 'accepts' }],
  task: [{ argv: (ws) => ['task', 'status', 'ffffff', 'done', '--workspace', ws], expect: 'accepts' }],
  note: [{ argv: (ws) => ['note', 'add', 'probe note', '--workspace', ws], expect: 'accepts' }],
};

describe('--workspace on every command', () => {
  it('has a probe for every command name', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('each command accepts --workspace DIR (and uses it) or refuses it saying why', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'cp-probe-'));
    for (const name of COMMAND_NAMES) {
      for (const probe of PROBES[name] ?? []) {
        const argv = probe.argv(cli.workspace, out);
        const r = await cli.run(...argv);
        const what = `${argv.join(' ')}\n${r.stderr}`;
        expect(r.stderr, what).not.toMatch(/Unknown option|\n\s+at /);
        if (probe.expect === 'refuses') {
          expect(r.code, what).toBe(2);
          expect(r.stderr, what).toMatch(new RegExp(`^commandpost ${name}: ${argv[0]} ${argv[1]} does not take --workspace: \\S.+\\n$`));
        } else if (name === 'serve' || name === 'task') {
          // Refused for a reason that comes after the workspace was taken: the flag itself was accepted.
          expect(r.stderr, what).toMatch(name === 'serve' ? /--as takes only demo-approver/ : /no task with id ffffff/);
        } else {
          expect(r.code, what).toBe(0);
        }
      }
    }
    // The default workspace was never touched: each command used the one it was given.
    expect(existsSync(join(cli.env.COMMANDPOST_HOME, 'workspaces', 'default'))).toBe(false);
  });
});

describe('messages a user can act on', () => {
  it('a wrong COMMANDPOST_PASSPHRASE says so instead of asking to set it', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--workspace', cli.workspace)).code).toBe(0);
    let stderr = '';
    const code = await runCli(['note', 'add', 'hello', '--workspace', cli.workspace], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      env: { ...cli.env, COMMANDPOST_PASSPHRASE: 'not the passphrase' },
      stdin: null,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`COMMANDPOST_PASSPHRASE does not unlock ${join(cli.env.COMMANDPOST_HOME, 'secrets.enc.json')}`);
    expect(stderr).not.toMatch(/set COMMANDPOST_PASSPHRASE,? or run in a terminal/);
  });

  it('schema errors name the flag, not the schema path; the command name is printed once', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const before = entryCount(cli.workspace);
    const severity = await cli.run('incident', 'open', '--title', 'x', '--severity', '9', '--workspace', cli.workspace);
    expect(severity.code).toBe(1);
    expect(severity.stderr).toMatch(/^commandpost incident: --severity: .*<=5/);
    const key = await cli.run('member', 'add', '--key', 'abc', '--name', 'X', '--role', 'responder', '--workspace', cli.workspace);
    expect(key.stderr).toMatch(/^commandpost member: --key: expected a member public key/);
    for (const r of [severity, key]) {
      expect(r.stderr).not.toMatch(/body\.|\["|invalid body at/);
      expect(r.stderr.match(/commandpost \w+: /g)).toHaveLength(1);
    }
    expect(entryCount(cli.workspace)).toBe(before);
  });
});
