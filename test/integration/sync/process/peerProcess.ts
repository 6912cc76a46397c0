import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PASSPHRASE_ENV } from '../../../../main/identity';
import type { DeviceDirs } from './fixture';
import { TEST_PASSPHRASE } from './fixture';
import { PeerLine, type PeerStatus } from './protocol';
import { withTimeout } from '../../../support/withTimeout';
export { withTimeout } from '../../../support/withTimeout';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PEER_MAIN = fileURLToPath(new URL('./peerMain.ts', import.meta.url));

export interface PeerOptions {
  genesisFile?: string;
  dial?: readonly string[];
  /** Partial SyncLimits for the peer's node. */
  limits?: Record<string, number>;
  backoffMaxMs?: number;
  dialTimeoutMs?: number;
}

type ProgressEvent = { received: number; total: number };

/**
 * Drives one peerMain.ts child: sends commands, matches replies by id, and
 * keeps its stderr tail so a failure shows what the peer logged.
 */
export class PeerProcess {
  readonly child: ChildProcess;
  device = '';
  url = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: PeerStatus | null) => void; reject: (e: Error) => void }>();
  private readonly progressWatchers = new Set<(p: ProgressEvent) => void>();
  private log = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly ready: Promise<PeerStatus>;

  constructor(
    readonly dev: DeviceDirs,
    opts: PeerOptions = {},
  ) {
    const argv = ['--import', 'tsx', PEER_MAIN, '--dir', dev.dir, '--config', dev.config];
    if (opts.genesisFile !== undefined) argv.push('--genesis', opts.genesisFile);
    for (const url of opts.dial ?? []) argv.push('--dial', url);
    if (opts.limits !== undefined) argv.push('--limits', JSON.stringify(opts.limits));
    if (opts.backoffMaxMs !== undefined) argv.push('--backoff-max-ms', String(opts.backoffMaxMs));
    if (opts.dialTimeoutMs !== undefined) argv.push('--dial-timeout-ms', String(opts.dialTimeoutMs));
    this.child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', [PASSPHRASE_ENV]: TEST_PASSPHRASE },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      // The tail is enough to explain a failure; the whole log of a big catch-up is not needed.
      this.log = (this.log + d.toString('utf8')).slice(-8000);
    });
    this.ready = new Promise<PeerStatus>((resolve, reject) => {
      const lines = createInterface({ input: this.child.stdout! });
      lines.on('line', (text) => {
        const line = parseLine(text);
        if (line === null) {
          // Not ours (a stray print): keep it for the failure message rather than crash the runner.
          this.log += `\n[stdout, not a protocol line] ${text.slice(0, 500)}`;
          return;
        }
        if (line.t === 'ready') {
          this.device = line.device;
          this.url = line.url;
          resolve(line.status);
        } else if (line.t === 'reply') {
          const waiter = this.pending.get(line.id);
          this.pending.delete(line.id);
          if (line.error !== null) waiter?.reject(new Error(`${dev.name}: ${line.error}`));
          else waiter?.resolve(line.status);
        } else if (line.type === 'progress' && line.received !== undefined && line.total !== undefined) {
          for (const w of [...this.progressWatchers]) w({ received: line.received, total: line.total });
        }
      });
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        const err = new Error(`${dev.name} exited (${signal ?? code}); its log ends:\n${this.log}`);
        reject(err);
        for (const w of this.pending.values()) w.reject(err);
        this.pending.clear();
      });
    });
    // Callers await started(); an unobserved early rejection must not crash the test runner.
    this.ready.catch(() => undefined);
  }

  get name(): string {
    return this.dev.name;
  }

  get logTail(): string {
    return this.log;
  }

  /** Resolves once the peer listens, with its status at start. */
  async started(timeoutMs = 60_000): Promise<PeerStatus> {
    return withTimeout(this.ready, timeoutMs, () => `${this.name} to start; its log ends:\n${this.log}`);
  }

  async append(n: number): Promise<PeerStatus> {
    return this.request({ cmd: 'append', n });
  }

  async status(): Promise<PeerStatus> {
    return this.request({ cmd: 'status' });
  }

  async dial(url: string): Promise<PeerStatus> {
    return this.request({ cmd: 'dial', url });
  }

  /** Ask the peer to close everything cleanly and wait for it to exit. */
  async quit(timeoutMs = 20_000): Promise<void> {
    if (this.exited !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.send({ cmd: 'quit' }).catch(() => undefined);
    await withTimeout(gone, timeoutMs, () => `${this.name} to exit`);
  }

  /** kill -9, and wait until the OS says it is gone. */
  async kill9(): Promise<void> {
    if (this.exited !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await gone;
  }

  /** Resolves at the first progress event that satisfies `pred`. */
  progress(pred: (p: ProgressEvent) => boolean, timeoutMs = 60_000): Promise<ProgressEvent> {
    let watcher: (p: ProgressEvent) => void = () => undefined;
    const seen = new Promise<ProgressEvent>((resolve) => {
      watcher = (p) => {
        if (pred(p)) resolve(p);
      };
      this.progressWatchers.add(watcher);
    });
    return withTimeout(seen, timeoutMs, () => `${this.name} progress; its log ends:\n${this.log}`).finally(() => this.progressWatchers.delete(watcher));
  }

  private async request(cmd: { cmd: 'append'; n: number } | { cmd: 'status' } | { cmd: 'dial'; url: string }): Promise<PeerStatus> {
    const status = await this.send(cmd);
    if (status === null) throw new Error(`${this.name}: no status in the reply to ${cmd.cmd}`);
    return status;
  }

  private send(cmd: object): Promise<PeerStatus | null> {
    if (this.exited !== null) return Promise.reject(new Error(`${this.name} has exited; its log ends:\n${this.log}`));
    const id = this.nextId++;
    const reply = new Promise<PeerStatus | null>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.child.stdin?.write(`${JSON.stringify({ ...cmd, id })}\n`);
    return withTimeout(reply, 60_000, () => `${this.name} to answer ${JSON.stringify(cmd)}; its log ends:\n${this.log}`);
  }
}

function parseLine(text: string): PeerLine | null {
  try {
    const parsed = PeerLine.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Poll the peers' status until `done` holds for all of them together (never
 * a fixed sleep); on timeout, the error shows the last statuses. Timeouts
 * here only bound a hang: they are generous because the machine is shared.
 */
export async function waitForStatuses(
  peers: readonly PeerProcess[],
  what: string,
  done: (s: PeerStatus[]) => boolean,
  timeoutMs = 60_000,
): Promise<PeerStatus[]> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(peers.map((p) => p.status()));
    if (done(statuses)) return statuses;
    if (performance.now() > until) {
      const brief = statuses.map((s, i) => `${peers[i]!.name}: count ${s.count}, vv ${JSON.stringify(s.vv)}, sessions ${JSON.stringify(s.sessions)}`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${brief.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** All peers hold the same entries and fold them to the same state. */
export function converged(statuses: readonly PeerStatus[], count: number): boolean {
  const [first] = statuses;
  if (first === undefined) return false;
  const vv = JSON.stringify(sortedVv(first.vv));
  return statuses.every((s) => s.count === count && s.stateHash === first.stateHash && JSON.stringify(sortedVv(s.vv)) === vv);
}

export function sortedVv(vv: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(vv).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function vvTotal(vv: Readonly<Record<string, number>>): number {
  return Object.values(vv).reduce((a, b) => a + b, 0);
}
