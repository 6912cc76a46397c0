// A NATS hub with JetStream and leaf nodes, as real nats-server processes on
// free loopback ports: the federation tests' and benchmarks' network. The
// hub holds the streams (JetStream domain "hub"); each leaf node is a site's
// local server, linked to the hub over its leafnode port. Stopping a leaf
// node cuts its site off; starting it again (same ports) heals the link.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';

export const HUB_DOMAIN = 'hub';

/** The nats-server binary: $NATS_SERVER, or on PATH (Debian installs it in /usr/sbin). */
export function natsServerBinary(): string {
  const given = process.env.NATS_SERVER;
  if (given !== undefined && given !== '') return given;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin']) {
    const candidate = join(dir, 'nats-server');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error('nats-server not found: install it (Debian: apt-get install nats-server) or set NATS_SERVER to its path');
}

export function natsServerVersion(): string {
  return spawnSync(natsServerBinary(), ['--version'], { encoding: 'utf8' }).stdout.trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, proc: ServerProcess, timeoutMs = 15_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await portOpen(port)) return;
    if (proc.exited !== null) throw new Error(`${proc.name} exited (${proc.exited}): ${proc.log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${proc.name} did not listen on ${port} in ${timeoutMs} ms: ${proc.log.slice(-2000)}`);
}

class ServerProcess {
  log = '';
  exited: string | null = null;
  private readonly child: ChildProcess;
  readonly done: Promise<void>;

  constructor(
    readonly name: string,
    configFile: string,
  ) {
    this.child = spawn(natsServerBinary(), ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (this.log = (this.log + d.toString('utf8')).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.done = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exited = String(signal ?? code);
        resolve();
      }),
    );
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited === null) this.child.kill(signal);
    await this.done;
  }
}

export interface LeafNode {
  /** Where a site's relay connects. */
  url: string;
  port: number;
}

/** A hub and leaf nodes. start() before use, close() after. */
export class NatsCluster {
  hubUrl = '';
  leaves: LeafNode[] = [];
  private hub: ServerProcess | null = null;
  private leafProcs: (ServerProcess | null)[] = [];
  private leafnodePort = 0;
  hubPort = 0;

  /** `hubConfig`: more lines for the hub's configuration (TLS, authorization). */
  constructor(
    private readonly dir: string,
    private readonly leafCount: number,
    private readonly hubConfig: readonly string[] = [],
  ) {}

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.hubPort = await freePort();
    this.leafnodePort = await freePort();
    await this.startHub();
    this.hubUrl = `nats://127.0.0.1:${this.hubPort}`;
    for (let i = 0; i < this.leafCount; i++) {
      const port = await freePort();
      this.leaves.push({ url: `nats://127.0.0.1:${port}`, port });
      this.leafProcs.push(null);
      await this.startLeaf(i);
    }
  }

  /** Start (or restart, on the same ports and store) the hub. */
  async startHub(): Promise<void> {
    const hubConf = join(this.dir, 'hub.conf');
    writeFileSync(
      hubConf,
      [
        `server_name: hub`,
        `listen: 127.0.0.1:${this.hubPort}`,
        // An entry's line may be up to ~2 MB (a 1 MiB body, escaped): the default 1 MB would refuse it.
        `max_payload: 4MB`,
        `jetstream { store_dir: "${join(this.dir, 'hub-js')}", domain: ${HUB_DOMAIN} }`,
        `leafnodes { listen: 127.0.0.1:${this.leafnodePort} }`,
        ...this.hubConfig,
      ].join('\n'),
    );
    this.hub = new ServerProcess('nats hub', hubConf);
    await waitForPort(this.hubPort, this.hub);
  }

  /** Every site loses the hub at once (kill -9); its JetStream store stays on disk. */
  async stopHub(): Promise<void> {
    await this.hub?.kill('SIGKILL');
    this.hub = null;
  }

  /** Start (or restart, on the same port) leaf node i; resolves once its link to the hub is up. */
  async startLeaf(i: number): Promise<void> {
    const leaf = this.leaves[i]!;
    const conf = join(this.dir, `leaf-${i}.conf`);
    writeFileSync(
      conf,
      [
        `server_name: leaf${i}`,
        `listen: 127.0.0.1:${leaf.port}`,
        `max_payload: 4MB`,
        `leafnodes { remotes: [ { url: "nats://127.0.0.1:${this.leafnodePort}" } ] }`,
      ].join('\n'),
    );
    const proc = new ServerProcess(`nats leaf ${i}`, conf);
    this.leafProcs[i] = proc;
    await waitForPort(leaf.port, proc);
    const until = performance.now() + 15_000;
    while (!/Leafnode connection created/.test(proc.log)) {
      if (performance.now() > until) throw new Error(`leaf ${i} did not link to the hub: ${proc.log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Cut site i off: its leaf node dies (kill -9), its relay's client keeps reconnecting. */
  async stopLeaf(i: number): Promise<void> {
    await this.leafProcs[i]?.kill('SIGKILL');
    this.leafProcs[i] = null;
  }

  async close(): Promise<void> {
    await Promise.all(this.leafProcs.map((p) => p?.kill('SIGTERM')));
    await this.hub?.kill('SIGTERM');
  }
}
