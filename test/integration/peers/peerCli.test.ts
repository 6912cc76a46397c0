import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { startHost } from '../../../main/host';
import { PEER_STATUS_PERSIST_MS, PeerStore } from '../../../main/sync';
import { MIGRATIONS, SCHEMA_VERSION, migrate, openDatabase } from '../../../main/journal';
import { Workspace } from '../../../main/workspace';
import { cliSandbox } from '../cli/cliHarness';
import { cleanupTempDirs, demoWorkspace, tempDir } from '../host/hostHarness';
import { waitUntil } from '../../support/waitUntil';

afterAll(() => cleanupTempDirs());

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => waitUntil(what, cond, ms);

describe('migration 002: the peers table', () => {
  it('adds the table to a version-1 journal and keeps what was there', () => {
    const db = new Database(':memory:');
    MIGRATIONS[0]!(db);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO meta (key, value) VALUES ('workspace', 'w')").run();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'workspace'").pluck().get()).toBe('w');
    const store = new PeerStore(db);
    expect(store.add('ws://127.0.0.1:4601/sync', false, 5)).toBe(true);
    expect(store.add('ws://127.0.0.1:4601/sync', true, 6)).toBe(false);
    expect(store.list()).toEqual([expect.objectContaining({ url: 'ws://127.0.0.1:4601/sync', insecure: true, addedAt: 5, status: 'new', updatedAt: null })]);
  });
});

describe('commandpost peer', () => {
  it('adds, lists and removes peers, refusing what the transport policy refuses', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--workspace', cli.workspace)).code).toBe(0);
    const add = await cli.run('peer', 'add', 'ws://127.0.0.1:4601', '--workspace', cli.workspace);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    // host:port alone gets the /sync path, so remove finds what add stored.
    expect(add.stdout).toContain('Added peer ws://127.0.0.1:4601/sync');
    const off = await cli.run('peer', 'add', 'ws://10.9.8.7:4600/sync', '--workspace', cli.workspace);
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/not loopback.*--insecure/s);
    // wss:// needs no flag, and is never listed as insecure (its certificate is bound to the peer's device key).
    const secure = await cli.run('peer', 'add', 'wss://10.9.8.7:4601/sync', '--workspace', cli.workspace, '--insecure');
    expect(secure).toMatchObject({ code: 0, stderr: '' });
    expect(secure.stdout).not.toContain('insecure');
    expect((await cli.run('peer', 'add', 'ws://10.9.8.7:4600/sync', '--workspace', cli.workspace, '--insecure')).code).toBe(0);

    const list = await cli.run('peer', 'list', '--workspace', cli.workspace);
    expect(list.stdout).toContain('No `commandpost serve` is running on this workspace');
    expect(list.stdout).toMatch(/not dialled\s+\?\s+\?\s+never\s+ws:\/\/127\.0\.0\.1:4601\/sync/);
    expect(list.stdout).toMatch(/ ws:\/\/10\.9\.8\.7:4600\/sync {2}\[insecure link\]/);
    expect(list.stdout).toMatch(/ wss:\/\/10\.9\.8\.7:4601\/sync$/m);

    expect((await cli.run('peer', 'remove', 'ws://127.0.0.1:4601/sync', '--workspace', cli.workspace)).stdout).toContain('Removed peer');
    const again = await cli.run('peer', 'remove', 'ws://127.0.0.1:4601/sync', '--workspace', cli.workspace);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not a peer of this workspace');
  });

  it('a running host dials a peer the CLI adds within about a second, and peer list shows its live status', async () => {
    const other = demoWorkspace();
    const peerHost = await startHost({
      workspaceDir: other.dir,
      signer: other.signer,
      clock: systemClock,
      port: 0,
      staticDir: other.dir,
      log: () => undefined,
    });
    const cli = cliSandbox();
    expect((await cli.run('init', '--workspace', cli.workspace)).code).toBe(0);
    // The host signs as some device; dialling needs no membership on this side.
    const signer = signerFromSeed(generateKeyPair().seed);
    const host = await startHost({
      workspaceDir: cli.workspace,
      signer,
      clock: systemClock,
      port: 0,
      staticDir: cli.workspace,
      log: () => undefined,
      sync: true,
    });
    try {
      const added = performance.now();
      expect((await cli.run('peer', 'add', peerHost.syncUrl!, '--workspace', cli.workspace)).code).toBe(0);
      // Another workspace: the handshake refuses it, and the status says so.
      await waitFor('the host to dial', () => host.sync!.status().peers.length === 1 && host.sync!.status().peers[0]!.status !== 'new');
      expect(performance.now() - added).toBeLessThan(2_500);
      await waitFor('the refusal', () => host.sync!.status().peers[0]!.reason !== null);
      expect(host.sync!.status().peers[0]!.reason).toMatch(/wrong-workspace/);
      const db = openDatabase(join(cli.workspace, 'journal.sqlite'), { create: false });
      try {
        await waitFor('status written', () => new PeerStore(db).list()[0]?.status === 'failed', PEER_STATUS_PERSIST_MS * 2);
      } finally {
        db.close();
      }
      const list = await cli.run('peer', 'list', '--workspace', cli.workspace);
      expect(list.stdout).not.toContain('No `commandpost serve` is running');
      expect(list.stdout).toMatch(/^failed/m);
      expect(list.stdout).toMatch(/wrong-workspace/);
      expect((await cli.run('peer', 'remove', peerHost.syncUrl!, '--workspace', cli.workspace)).code).toBe(0);
      await waitFor('the host to drop it', () => host.sync!.status().peers.length === 0);
    } finally {
      await host.close();
      await peerHost.close();
    }
  }, 30_000);

  it('init --join fetches the genesis, lists the peer, and prints the member add command', async () => {
    const founder = demoWorkspace();
    const a = await startHost({ workspaceDir: founder.dir, signer: founder.signer, clock: systemClock, port: 0, staticDir: founder.dir, log: () => undefined });
    try {
      const cli = cliSandbox();
      const dir = join(tempDir('cp-join-'), 'ws');
      const r = await cli.run('init', '--join', a.syncUrl!, '--workspace', dir, '--as', 'Blake Responder');
      expect(r.stderr).not.toMatch(/cannot join/);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Joined workspace "Host test" (${a.feed.workspace.id})`);
      expect(r.stdout).toMatch(/commandpost member add --key [A-Za-z0-9_-]{43} --name "Blake Responder" --role responder/);
      const ws = Workspace.open({ dir, clock: systemClock });
      try {
        expect(ws.id).toBe(a.feed.workspace.id);
        expect(ws.store.count()).toBe(1);
        expect(new PeerStore(ws.store.db).list().map((p) => p.url)).toEqual([a.syncUrl]);
      } finally {
        ws.close();
      }
      const bad = await cli.run('init', '--join', a.syncUrl!.replace(/ws=[0-9a-f]+/, `ws=${'a'.repeat(32)}`), '--workspace', join(tempDir('cp-join-'), 'ws'));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/wrong-workspace/);
    } finally {
      await a.close();
    }
  }, 30_000);
});
