// Process and socket plumbing of the relay load run (loadCluster.ts): a child
// process spoken to in JSON lines (loadProtocol.ts), and a console client on
// the relay's API socket as the browser console holds one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket, type RawData } from 'ws';
import type { z } from 'zod';
import { StateChangedEventSchema } from '../../shared/api';
import { withTimeout } from '../support/withTimeout';
import { epochMs, type LoadCommand } from './loadProtocol';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Line = { t: string };

/** A child program under `node --import tsx`; its lines are kept until asked for, so none is missed. */
export class LoadChild<L extends Line, C = LoadCommand> {
  private readonly child: ChildProcess;
  private readonly lines: L[] = [];
  private readonly waiters = new Set<() => void>();
  private log = '';
  private exited: string | null = null;

  constructor(
    readonly name: string,
    program: string,
    argv: readonly string[],
    seed: string,
    schema: z.ZodType<L>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(program, import.meta.url)), ...argv], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOAD_PEER_SEED: seed },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // The tail explains a failure; the whole sync log of a long run is not needed.
    this.child.stderr?.on('data', (d: Buffer) => (this.log = (this.log + d.toString('utf8')).slice(-6000)));
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      this.lines.push(schema.parse(JSON.parse(text)));
      for (const w of [...this.waiters]) w();
    });
    this.child.once('exit', (code, signal) => {
      this.exited = `${this.name} exited (${signal ?? code})`;
      for (const w of [...this.waiters]) w();
    });
  }

  /** The end of what it logged (its sync log): explains a run that did not settle. */
  get logTail(): string {
    return this.log;
  }

  send(cmd: C): void {
    this.child.stdin?.write(`${JSON.stringify(cmd)}\n`);
  }

  /** The first line of type `t` not taken yet. */
  async next<T extends L['t']>(t: T, timeoutMs: number): Promise<Extract<L, { t: T }>> {
    let wake: () => void = () => undefined;
    const found = new Promise<Extract<L, { t: T }>>((resolve, reject) => {
      wake = () => {
        const i = this.lines.findIndex((l) => l.t === t);
        if (i >= 0) resolve(this.lines.splice(i, 1)[0] as Extract<L, { t: T }>);
        else if (this.exited !== null) reject(new Error(`${this.exited}; its log ends:\n${this.log}`));
      };
      this.waiters.add(wake);
      wake();
    });
    try {
      return await withTimeout(found, timeoutMs, () => `${this.name} to say ${t}; its log ends:\n${this.log}`);
    } finally {
      this.waiters.delete(wake);
    }
  }

  async ask<T extends L['t']>(cmd: C, t: T, timeoutMs = 60_000): Promise<Extract<L, { t: T }>> {
    this.send(cmd);
    return this.next(t, timeoutMs);
  }

  kill(): void {
    if (this.exited === null) this.child.kill('SIGKILL');
  }
}

/**
 * A console on the relay's API socket, as the browser holds one: it asks for
 * the state once, then counts the state:changed events the relay pushes
 * (parsed with the shared schema, as the browser does) and notes when each
 * entry arrived.
 */
export class ConsoleClient {
  events = 0;
  bytes = 0;
  entries = 0;
  stateHash = '';
  readonly arrived = new Map<string, number>();
  private constructor(private readonly socket: WebSocket) {}

  static async connect(port: number, token: string): Promise<ConsoleClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    const client = new ConsoleClient(socket);
    const snapshot = new Promise<void>((resolve, reject) => {
      socket.on('message', (data: RawData) => {
        const text = String(data);
        client.bytes += text.length;
        const frame = JSON.parse(text) as { id?: number; event?: unknown; value?: { stateHash: string; entries: number } };
        if (frame.id === 1 && frame.value !== undefined) {
          client.entries = frame.value.entries;
          client.stateHash = frame.value.stateHash;
          resolve();
        } else if (frame.event !== undefined) client.onEvent(frame.event);
      });
      socket.once('error', reject);
    });
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'state:get', params: {} })));
    await withTimeout(snapshot, 30_000, 'the console state');
    return client;
  }

  private onEvent(raw: unknown): void {
    const parsed = StateChangedEventSchema.safeParse(raw);
    if (!parsed.success) return; // sync:changed: not counted
    const t = epochMs();
    this.events += 1;
    this.entries = parsed.data.entries;
    this.stateHash = parsed.data.stateHash;
    for (const e of parsed.data.added) this.arrived.set(e.id, t);
  }

  close(): void {
    this.socket.close();
  }
}
