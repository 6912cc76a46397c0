import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIdentity } from '../../../main/identity';
import { runCli } from '../../../main/cli/run';
import { MACHINE_COMMANDS } from '../../../main/cli/workspaceFlag';
import { Workspace } from '../../../main/workspace';
import { ManualClock } from '../../../shared/clock';
import { commandpostInvocations, shLines, type ReadmeLine } from './readmeCommands';

// Every command line in the README's ```sh blocks runs as written, in order,
// against a temporary demo workspace: placeholders (KEY, ID, 73c27b5e…) get
// real values from that workspace, --workspace is added where the README
// relies on the default, and output files land in a temp dir. A README line
// that is neither runnable nor listed below as skipped by design fails here.

const root = join(__dirname, '..', '..', '..');

/** Lines that are not run here, with the reason and where they are checked instead. */
const SKIPPED_BY_DESIGN: Record<string, string> = {
  '. scripts/use-node.sh && npm ci && npm start':
    'installs dependencies and starts the app; the npm start fallback is run by test/integration/cli/bin.test.ts, the quick start by ' +
    'test/e2e/quickStart.test.ts',
  "COMMANDPOST_PASSPHRASE='choose a passphrase' npm start":
    'starts the app until stopped; test/integration/cli/bin.test.ts runs npm start with COMMANDPOST_PASSPHRASE',
  'npm test': 'the whole suite, this test included; CI runs it',
  'npx commandpost serve --demo [--workspace DIR] [--port N]': 'serves until stopped; test/integration/host/serve.test.ts and test/e2e/',
  'npx commandpost serve --as demo-approver': 'serves until stopped; test/e2e/demoApproval.test.ts',
  'npx commandpost serve --workspace ~/ws': 'serves until stopped; test/integration/peers/peerCli.test.ts',
  'npx commandpost init --join wss://HOST:4600/sync?ws=<id> --workspace ~/ws':
    "needs another device's running serve; test/integration/peers/peerCli.test.ts and wssServe.test.ts",
  // The two-site quick start: NATS servers and two relays that run until stopped. test/e2e/federation.test.ts runs the same
  // steps (hub and leaf nodes on free ports) and checks the result in Chromium.
  'sudo apt-get install nats-server': 'installs a system package; .ci/run installs it',
  'nats-server -c docs/federation/hub.conf &': 'a NATS server until stopped; test/support/natsCluster.ts starts hubs and leaf nodes for the tests',
  'nats-server -c docs/federation/leaf-a.conf & nats-server -c docs/federation/leaf-b.conf &': 'NATS leaf nodes until stopped; as above',
  'npx commandpost serve --demo --workspace ~/site-a --federate nats://127.0.0.1:4223 --federate-domain hub &':
    'a federating relay until stopped; test/e2e/federation.test.ts',
  'COMMANDPOST_HOME=~/.cp-b npx commandpost init --join URL --workspace ~/site-b': "needs site A's running serve; test/e2e/federation.test.ts",
  'npx commandpost member add --workspace ~/site-a --key KEY --name "Site B" --role responder': 'admits the joined device; test/e2e/federation.test.ts',
  'COMMANDPOST_HOME=~/.cp-b npx commandpost peer remove URL --workspace ~/site-b': 'on the joined device; test/e2e/federation.test.ts',
  'COMMANDPOST_HOME=~/.cp-b npx commandpost serve --workspace ~/site-b --port 4700 --federate nats://127.0.0.1:4224 --federate-domain hub':
    'a federating relay until stopped; test/e2e/federation.test.ts',
};

/** Invocations that would be wrong with --workspace added (and why); per-machine commands (MACHINE_COMMANDS) refuse it. */
const NO_WORKSPACE_ADDED = new Set([
  'exercise run', // makes a workspace of its own
  'journal verify', // verifies the file or directory it is given
]);

/**
 * The devices of the walk-through: this one (admin of the demo), "Lena" whom
 * the README adds as KEY (an approver: the requester never approves), "Blake"
 * (<key>), and a member who may take command (set up with the demo: the
 * handover goes to them, and they accept it).
 */
type DeviceName = 'admin' | 'lena' | 'blake' | 'commander';

/** Invocations the README means for another member than this device. */
const RUN_AS: Record<string, DeviceName> = { 'action approve': 'lena', 'ics accept': 'commander' };

/** Where the README says "instead of X, use Y": the substitution and why. */
const SUBSTITUTED_ARGS: Record<string, { from: string; to: string; why: string }> = {
  'exercise run': { from: '60', to: 'max', why: '--speed 60 takes 30 s of real time; max gives the same report (test/integration/exercise checks both)' },
};

interface Device {
  env: Record<string, string>;
  key: string;
}

describe('README command lines', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cp-readme-'));
  const outDir = join(tmp, 'out');
  const demo = join(tmp, 'demo');
  // The webhook the README's action request names, standing in locally: no line may reach the network.
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  let origin = '';
  const devices = new Map<DeviceName, Device>();
  const deviceOf = (name: DeviceName): Device => {
    const d = devices.get(name);
    if (d === undefined) throw new Error(`no device ${name}`);
    return d;
  };

  const baseEnv = (name: string): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    COMMANDPOST_HOME: join(tmp, name),
    COMMANDPOST_SECRET_STORE: 'file',
    COMMANDPOST_PASSPHRASE: `passphrase of ${name}`,
    USER: name,
  });

  async function run(env: Record<string, string>, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env,
      stdin: null,
      readInput: () => Promise.resolve('a webhook signing secret\n'),
    });
    return { code, stdout, stderr };
  }

  async function device(name: string): Promise<Device> {
    const env = baseEnv(name);
    const made = await run(env, ['init', '--workspace', join(tmp, `${name}-own`)]);
    expect(made.code, made.stderr).toBe(0);
    const record = await describeIdentity(join(tmp, name));
    if (record === null) throw new Error(`no identity for ${name}`);
    return { env, key: record.publicKey };
  }

  function state() {
    const ws = Workspace.open({ dir: demo, clock: new ManualClock(0) });
    try {
      return ws.state;
    } finally {
      ws.close();
    }
  }

  /** The value a placeholder stands for at this point of the walk-through. */
  function placeholder(word: string, command: string): string | null {
    const s = state();
    if (word === 'KEY' && command === 'member revoke') {
      // A member of the demo other than the devices of this walk-through.
      const ours = new Set([...devices.values()].map((d) => d.key));
      return Object.values(s.members).find((m) => m.active && !ours.has(m.key))?.key ?? null;
    }
    if (word === 'KEY') return deviceOf(command === 'ics handover' ? 'commander' : 'lena').key;
    if (word === '<key>') return deviceOf('blake').key;
    if (word === '73c27b5e')
      return (
        Object.values(s.incidents)
          .find((i) => i.status !== 'resolved')
          ?.id.slice(0, 8) ?? null
      );
    if (word === '1a2b3c4d')
      return (
        Object.values(s.tasks)
          .sort((a, b) => b.createdAt - a.createdAt)[0]
          ?.id.slice(0, 8) ?? null
      );
    const action = Object.values(s.actions ?? {}).sort((a, b) => b.requestedAt - a.requestedAt)[0];
    if (word === 'ID') return action?.id.slice(0, 8) ?? null;
    if (word === 'HEX') return action?.paramsHash ?? null;
    if (word === 'URL') return `ws://127.0.0.1:4699/sync?ws=${s.workspace?.id ?? ''}`;
    if (word === 'path/to/catalog-info.yaml') return join(root, 'test', 'fixtures', 'backstage', 'examples', 'components', 'petstore-component.yaml');
    return null;
  }

  function concrete(argv: string[]): string[] {
    const command = argv.slice(0, 2).join(' ');
    const substituted = SUBSTITUTED_ARGS[command];
    return argv.map((word) => {
      const value = placeholder(word, command);
      if (value !== null) return value;
      if (substituted !== undefined && word === substituted.from) return substituted.to;
      if (/^[A-Z][A-Z_]+$|^<[a-z]+>$/.test(word)) throw new Error(`README placeholder ${word} in "${argv.join(' ')}" has no value in this test`);
      let w = word
        .replace(/…/g, 'README example')
        .replace('https://hooks.example.com', origin)
        .replace(/^\/tmp\/w/, join(tmp, 'w'));
      // Relative paths: the repository's files as they are, anything else written to the temp dir.
      if (!w.startsWith('-') && /^[\w.-]+(\/[\w.-]+)*\.(ya?ml|md|html|jsonl)$/.test(w)) w = existsSync(join(root, w)) ? join(root, w) : join(outDir, w);
      return w;
    });
  }

  beforeAll(async () => {
    mkdirSync(outDir);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const name of ['admin', 'lena', 'blake', 'commander'] as const) devices.set(name, await device(name));
    const admin = deviceOf('admin');
    const made = await run(admin.env, ['init', '--demo', '--workspace', demo]);
    expect(made.code, made.stderr).toBe(0);
    const commander = await run(admin.env, [
      'member',
      'add',
      '--key',
      deviceOf('commander').key,
      '--name',
      'Dana Okafor',
      '--role',
      'commander,responder',
      '--workspace',
      demo,
    ]);
    expect(commander.code, commander.stderr).toBe(0);
  }, 120_000);

  afterAll(() => {
    server.close();
  });

  it('lists every line it does not run, and each skipped line is still in the README', () => {
    const lines = shLines(readFileSync(join(root, 'README.md'), 'utf8')).map((l) => l.text);
    for (const skipped of Object.keys(SKIPPED_BY_DESIGN)) expect(lines, `skipped line no longer in the README: ${skipped}`).toContain(skipped);
    for (const line of lines) {
      if (SKIPPED_BY_DESIGN[line] !== undefined) continue;
      expect(commandpostInvocations(line), `README line is neither an \`npx commandpost\` command nor skipped by design: ${line}`).not.toBeNull();
    }
  });

  async function runLines(lines: readonly ReadmeLine[]): Promise<number> {
    let ran = 0;
    for (const line of lines) {
      if (SKIPPED_BY_DESIGN[line.text] !== undefined) continue;
      for (const written of commandpostInvocations(line.text) ?? []) {
        const command = written.slice(0, 2).join(' ');
        const argv = concrete(written);
        const perMachine = MACHINE_COMMANDS[command] !== undefined || MACHINE_COMMANDS[written[0] ?? ''] !== undefined;
        if (!argv.includes('--workspace') && !NO_WORKSPACE_ADDED.has(command) && !perMachine) argv.push('--workspace', demo);
        const r = await run(deviceOf(RUN_AS[command] ?? 'admin').env, argv);
        expect(r.code, `README: ${line.text}\nran: commandpost ${argv.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
        ran += 1;
      }
    }
    return ran;
  }

  it('runs every other line as written, in order, each exiting 0', async () => {
    expect(await runLines(shLines(readFileSync(join(root, 'README.md'), 'utf8')))).toBeGreaterThan(30);
  }, 300_000);

  it('runs the `npx commandpost` lines of the docs the README links to (their other sh lines are usage synopses)', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const docs = [...new Set([...readme.matchAll(/\]\((docs\/[\w-]+\.md)\)/g)].map((m) => m[1] ?? ''))];
    expect(docs.length).toBeGreaterThan(5);
    const lines = docs.flatMap((doc) => shLines(readFileSync(join(root, doc), 'utf8')).filter((l) => l.text.startsWith('npx commandpost ')));
    expect(await runLines(lines)).toBe(lines.length);
  }, 300_000);
});
