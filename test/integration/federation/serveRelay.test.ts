import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { cleanupTempDirs, root, tempDir } from '../host/hostHarness';
import { NatsCluster } from '../../support/natsCluster';
import { waitUntil } from '../../support/waitUntil';
import { startS3 } from '../archive/s3Server';
import { Receiver } from '../siem/receivers';
import { hubClient, journalIds, streamMessages } from './rooms';

// `commandpost serve` as an operator starts a room relay that federates,
// streams to a SIEM and archives: the real CLI in its own process, with
// every credential in the secret store, against a real nats-server (the hub,
// JetStream domain "hub"), a local OTLP collector and Splunk HEC stand-in,
// and s3rver. Every entry of the room reaches all three.

afterAll(() => cleanupTempDirs());

const cliEntry = join(root, 'main', 'cli', 'index.ts');
const run = promisify(execFile);

describe('commandpost serve as a federating relay (real processes)', () => {
  it('publishes to the stream, streams to both SIEM receivers and archives, from flags and stored secrets', async () => {
    const home = tempDir('cp-serve-relay-');
    const env = { PATH: process.env.PATH ?? '', COMMANDPOST_HOME: join(home, 'config'), COMMANDPOST_SECRET_STORE: 'file', COMMANDPOST_PASSPHRASE: 'pw' };
    const cluster = new NatsCluster(join(home, 'nats'), 0);
    await cluster.start();
    onTestFinished(() => cluster.close());
    const s3 = await startS3('rooms');
    onTestFinished(() => s3.close());
    const otlp = await new Receiver('otlp').start();
    const hec = await new Receiver('hec', 'hec-token-123').start();
    onTestFinished(() => Promise.all([otlp.close(), hec.close()]).then(() => undefined));

    const setSecret = async (name: string, value: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'connector', 'secret', 'set', name], { env, cwd: root });
      child.stdin.end(value);
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
    };
    // The identity first (serve --demo makes it), so the secrets go into the same store.
    await run(process.execPath, ['--import', 'tsx', cliEntry, 'init', '--name', 'Relay', '--workspace', join(home, 'scratch')], { env, cwd: root });
    await setSecret('HEC', 'hec-token-123');
    await setSecret('S3', 'S3RVER:S3RVER');

    const workspace = join(home, 'ws');
    const args = ['serve', '--demo', '--workspace', workspace, '--port', '0'];
    args.push('--federate', cluster.hubUrl, '--federate-domain', 'hub');
    args.push('--siem-otlp', otlp.url, '--siem-hec', hec.url, '--siem-hec-token-secret', 'HEC');
    args.push('--archive-to', 's3://rooms/site-a', '--archive-endpoint', s3.endpoint, '--archive-credentials-secret', 'S3', '--archive-every', '1h');
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], { env, cwd: root });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString('utf8')));
    const out: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => out.push(l));
    onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));

    await waitUntil('serve to start federating', () => out.some((l) => l.startsWith('Federating through')), 60_000);
    expect(out).toContain(`Federating through ${cluster.hubUrl} (JetStream domain hub)`);
    const workspaceId = /[?&]ws=([0-9a-f]{32})/.exec(out.find((l) => l.startsWith('Peer sync at')) ?? '')?.[1] ?? '';

    const nc = await hubClient(cluster);
    onTestFinished(() => nc.close());
    // The demo's entries, wherever they were written, reach the stream, both receivers and the archive.
    let held = 0;
    const everywhere = async () => {
      held = journalIds(workspace).length;
      const inStream = await streamMessages(nc, workspaceId).catch(() => -1);
      const archived = (await s3.keys('site-a/')).some((k) => k.endsWith('/manifest.json'));
      return held > 0 && inStream === held && otlp.distinct().size === held && hec.distinct().size === held && archived;
    };
    await waitUntil('every entry in the stream, at both receivers and in the archive', everywhere, 90_000).catch((err: unknown) => {
      throw new Error(`${String(err)} (held ${held}, otlp ${otlp.distinct().size}, hec ${hec.distinct().size}); serve logged: ${log.slice(-3000)}`);
    });
    expect(otlp.problems).toEqual([]);
    expect(hec.problems).toEqual([]);
    expect(new Set(journalIds(workspace))).toEqual(otlp.distinct());
    // No credential in what serve printed.
    expect(`${out.join('\n')}\n${log}`).not.toMatch(/hec-token-123|S3RVER:S3RVER/);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    const verified = await run(
      process.execPath,
      ['--import', 'tsx', cliEntry, 'journal', 'verify', 's3://rooms/site-a', '--endpoint', s3.endpoint, '--credentials-secret', 'S3'],
      {
        env,
        cwd: root,
      },
    );
    expect(verified.stdout).toMatch(/OK|verified/i);
  }, 180_000);
});
