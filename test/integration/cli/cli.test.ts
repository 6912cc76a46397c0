import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from './cliHarness';

describe('commandpost CLI', () => {
  it('init --demo creates a workspace with the demo incident and prints its summary', async () => {
    const cli = cliSandbox();
    const r = await cli.run('init', '--demo', '--workspace', cli.workspace);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('41 services, 8 teams');
    expect(r.stdout).toContain('SEV1  Checkout failing for EU card payments');
    expect(r.stdout).toMatch(/DOWN Payment Provider Adapter \(psp-adapter\)/);
    expect(r.stdout).toContain('blast radius: 5 services: checkout-service, mobile-bff, payments-api, refunds-worker, web-frontend');
    const who = await cli.run('identity', 'show');
    expect(who.code).toBe(0);
    expect(who.stdout).toMatch(/public key: [A-Za-z0-9_-]{43}/);
    expect(who.stdout).toContain('passphrase-encrypted file');
    // init twice on the same directory is refused and changes nothing.
    const before = readFileSync(join(cli.workspace, 'journal.sqlite'));
    const again = await cli.run('init', '--workspace', cli.workspace);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a journal');
    expect(readFileSync(join(cli.workspace, 'journal.sqlite')).equals(before)).toBe(true);
  });

  it('export and verify succeed, and one flipped byte of a signature, body or prev fails naming the entry', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const out = join(cli.home, 'w.jsonl');
    expect((await cli.run('journal', 'export', '--workspace', cli.workspace, '--out', out)).code).toBe(0);
    const ok = await cli.run('journal', 'verify', out);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK: 234 entries from 1 author\(s\) verified/);
    expect((await cli.run('journal', 'verify', cli.workspace)).code).toBe(0);

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const target = JSON.parse(lines[40]!) as { id: string; sig: string; header: { prev: string }; body: Record<string, unknown> };
    // One character changed, and still valid base64url / hex / JSON.
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    const [field, value] = Object.entries(target.body).find(([, v]) => typeof v === 'string') as [string, string];
    const variants: Record<string, string> = {
      signature: lines[40]!.replace(target.sig, flip(target.sig, 20)),
      body: lines[40]!.replace(`"${field}":${JSON.stringify(value)}`, `"${field}":${JSON.stringify(flip(value, 0))}`),
      prev: lines[40]!.replace(target.header.prev, flip(target.header.prev, 30)),
    };
    for (const [what, line] of Object.entries(variants)) {
      expect(line, what).not.toBe(lines[40]);
      const file = join(cli.home, `tampered-${what}.jsonl`);
      writeFileSync(file, [...lines.slice(0, 40), line, ...lines.slice(41)].join('\n') + '\n');
      const bad = await cli.run('journal', 'verify', file);
      expect(bad.code, what).toBe(1);
      expect(bad.stderr, what).toContain(`entry ${target.id}`);
      expect(bad.stderr, what).toContain('line 41');
      expect(bad.stderr, what).toContain('verification FAILED');
    }
  });

  it('writes incident work as the device identity and refuses what the rules forbid', async () => {
    const cli = cliSandbox();
    await cli.run('init', '--demo', '--workspace', cli.workspace);
    const w = ['--workspace', cli.workspace];
    const down = await cli.run('service', 'status', 'redis-cache', 'down', '--reason', 'OOM', ...w);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('Blast radius:');
    expect(down.stdout).toContain('session-store');
    const status = JSON.parse((await cli.run('status', '--json', ...w)).stdout) as { state: { incidents: Record<string, unknown> } };
    const incident = Object.keys(status.state.incidents)[0]!;
    const created = await cli.run('task', 'create', '--incident', incident.slice(0, 8), '--title', 'Restart redis primary', '--team', 'data', ...w);
    expect(created.code).toBe(0);
    const taskId = /Created task ([0-9a-f]{8})/.exec(created.stdout)![1]!;
    expect((await cli.run('task', 'status', taskId, 'done', ...w)).code).toBe(0);
    const refused = await cli.run('task', 'status', taskId, 'in_progress', ...w);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('task is done; reopen it before moving it to in_progress');
    const unknown = await cli.run('service', 'status', 'no-such-service', 'down', ...w);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown service');
    const summary = await cli.run('status', ...w);
    expect(summary.stdout).toContain('[done] Restart redis primary (team data)');
  });

  it('manages the roster: add, list, revoke; the last admin cannot be revoked', async () => {
    const cli = cliSandbox();
    await cli.run('init', '--workspace', cli.workspace);
    const w = ['--workspace', cli.workspace];
    const key = 'A'.repeat(42) + 'E';
    expect((await cli.run('member', 'add', '--key', key, '--name', 'Lena Fischer', '--role', 'approver,responder', '--team', 'payments', ...w)).code).toBe(0);
    const bad = await cli.run('member', 'add', '--key', key, '--name', 'X', '--role', 'overlord', ...w);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown role "overlord"');
    const list = await cli.run('member', 'list', ...w);
    expect(list.stdout).toMatch(/active\s+Lena Fischer\s+approver,responder\s+payments/);
    expect((await cli.run('member', 'revoke', key, '--reason', 'left the team', ...w)).code).toBe(0);
    expect((await cli.run('member', 'list', ...w)).stdout).toMatch(/revoked\s+Lena Fischer/);
    const me = /public key: (\S+)/.exec((await cli.run('identity', 'show')).stdout)![1]!;
    const last = await cli.run('member', 'revoke', me, ...w);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('cannot revoke the last active admin');
  });

  it('explains how to fix a machine with no usable secret store', async () => {
    const cli = cliSandbox({ COMMANDPOST_PASSPHRASE: '' });
    const r = await cli.run('init', '--workspace', cli.workspace);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('COMMANDPOST_PASSPHRASE');
  });

  it('a wrong passphrase is refused and changes nothing', async () => {
    const cli = cliSandbox();
    await cli.run('init', '--workspace', cli.workspace);
    const secret = readFileSync(join(cli.env.COMMANDPOST_HOME, 'secrets.enc.json'));
    const journal = readFileSync(join(cli.workspace, 'journal.sqlite'));
    cli.env.COMMANDPOST_PASSPHRASE = 'wrong';
    const r = await cli.run('note', 'add', 'hello', '--workspace', cli.workspace);
    expect(r.code).toBe(1);
    expect(r.stderr.toLowerCase()).toContain('passphrase');
    expect(readFileSync(join(cli.env.COMMANDPOST_HOME, 'secrets.enc.json')).equals(secret)).toBe(true);
    expect(readFileSync(join(cli.workspace, 'journal.sqlite')).equals(journal)).toBe(true);
  });
});
