import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Electron's utilityProcess and MessageChannelMain for the mocked 'electron'
// (electronMock.ts), done with the real thing that runs here: a Node child
// process running the real core entry (main/core/main.ts, through tsx), with
// `process.parentPort` and the transferred port shimmed over the child's IPC
// channel (parentPortShim.ts). So the core really runs in another process.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const CORE_SOURCE = join(root, 'main/core/main.ts');
const SHIM = fileURLToPath(new URL('./parentPortShim.ts', import.meta.url));

type PortEvent = { data: unknown; ports: FakeMessagePort[] };

export class FakeMessagePort extends EventEmitter {
  twin: FakeMessagePort | null = null;
  /** The process this port was transferred to. */
  owner: FakeUtilityProcess | null = null;
  private started = false;
  private readonly queued: unknown[] = [];

  postMessage(data: unknown): void {
    this.twin?.owner?.send({ via: 'port', data: data as Serializable });
  }

  start(): void {
    this.started = true;
    for (const data of this.queued.splice(0)) this.emit('message', { data, ports: [] } satisfies PortEvent);
  }

  close(): void {
    this.started = false;
  }

  deliver(data: unknown): void {
    if (this.started) this.emit('message', { data, ports: [] } satisfies PortEvent);
    else this.queued.push(data);
  }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakeMessagePort();
  readonly port2 = new FakeMessagePort();
  constructor() {
    this.port1.twin = this.port2;
    this.port2.twin = this.port1;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  static readonly forked: FakeUtilityProcess[] = [];
  private port: FakeMessagePort | null = null;
  // A Node child drops IPC messages that arrive before it listens; Electron queues them. So: queue until the shim says hello.
  private outbox: Serializable[] | null = [];

  constructor(readonly child: ChildProcess) {
    super();
    FakeUtilityProcess.forked.push(this);
    child.on('message', (message: { via: string; data: unknown }) => {
      if (message.via === 'hello') {
        const queued = this.outbox ?? [];
        this.outbox = null;
        for (const wire of queued) this.send(wire);
      } else if (message.via === 'port') this.port?.twin?.deliver(message.data);
      else this.emit('message', message.data);
    });
    // Electron reports a signal's death as an exit code too.
    child.on('exit', (code, signal) => this.emit('exit', code ?? (signal !== null ? 128 + constants.signals[signal] : 1)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(data: unknown, transfer: FakeMessagePort[] = []): void {
    const port = transfer[0];
    if (port !== undefined) {
      this.port = port;
      port.owner = this;
    }
    this.send({ via: 'parent', data: data as Serializable, port: port !== undefined });
  }

  send(wire: Serializable): void {
    if (this.outbox !== null) this.outbox.push(wire);
    else if (this.child.connected) this.child.send(wire);
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

export const fakeUtilityProcess = {
  fork(modulePath: string, args: string[] = [], options: { env?: NodeJS.ProcessEnv } = {}): FakeUtilityProcess {
    // The app forks out/main/core.js from beside its bundle; from the sources that is main/core/main.ts.
    if (basename(modulePath) !== 'core.js') throw new Error(`the mock forks only the core entry, not ${modulePath}`);
    const child = fork(CORE_SOURCE, args, {
      execArgv: ['--import', 'tsx', '--import', SHIM],
      env: options.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new FakeUtilityProcess(child);
  },
};

/** Kill every core a test forked and wait for them to be gone. */
export async function killForked(): Promise<void> {
  const alive = FakeUtilityProcess.forked.splice(0).filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  await Promise.all(alive.map((p) => new Promise<void>((resolve) => (p.child.once('exit', () => resolve()), p.child.kill('SIGKILL')))));
}
