import type { EventFrame, Result } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { Notice } from '../../shared/notices';
import { apiError } from '../api';
import { nodeTimers, type Timers } from '../clock';
import { FromCoreSchema, answerSecretRequest, asEventFrame, asResponseFrame, type CorePort, type FromCore } from '../core';
import type { SecretStore } from '../identity';

// The Electron main process's side of the core's utility process
// (main/core/coreProcess.ts): it starts the process, carries API calls to it
// as request frames over their MessagePort and matches the responses, passes
// on its events and desktop notices, answers its safeStorage requests, and
// closes it (which checkpoints the journal) when the app quits. A core that
// dies is restarted, and the window reloaded so that it fetches everything
// afresh; one that keeps dying (MAX_RESTARTS within RESTART_WINDOW_MS) is
// left down, and says so, rather than restarted in a loop.

export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;
/** An orderly close normally takes a checkpoint's time; past this the process is killed. */
export const CLOSE_TIMEOUT_MS = 10_000;

/** One started core process: Electron's UtilityProcess and the main process's end of its port. */
export interface CoreChild {
  readonly pid?: number | undefined;
  kill(): boolean;
  on(event: 'exit', listener: (code: number) => void): unknown;
}
export interface SpawnedCore {
  child: CoreChild;
  port: CorePort;
}

export interface CoreReady {
  pid: number;
  me: string;
  workspaceDir: string;
  createdDemo: boolean;
}

export interface CoreSupervisorOptions {
  /** Fork the core's process and hand it its port (coreFork.ts). */
  spawn: () => SpawnedCore;
  /** Electron safeStorage, which only the main process has, for the core to use through its port. */
  safeStorage: SecretStore;
  clock: Clock;
  timers?: Timers;
  log: (line: string) => void;
}

interface Incarnation {
  spawned: SpawnedCore;
  ready: Promise<CoreReady>;
  pending: Map<number, (result: Result<unknown>) => void>;
  /** It said it was ready: only such a core is restarted when it dies (one that cannot start would only fail again). */
  wasReady: boolean;
  /** It said it cannot start; its exit is expected. */
  failed: boolean;
  exited: boolean;
  closed: () => void;
}

type Listener<T> = (value: T) => void;

export class CoreSupervisor {
  private current: Incarnation | null = null;
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private down: string | null = null;
  private readonly restarts: number[] = [];
  private readonly events = new Set<Listener<EventFrame>>();
  private readonly notices = new Set<Listener<Notice[]>>();
  private readonly restarted = new Set<Listener<CoreReady>>();
  private readonly stopped = new Set<Listener<string>>();

  constructor(private readonly opts: CoreSupervisorOptions) {}

  /** Start the core; resolves once it has opened the workspace, rejects with its reason if it cannot. */
  start(): Promise<CoreReady> {
    return this.incarnate().ready;
  }

  /** The process id of the running core, if one runs. */
  get pid(): number | undefined {
    return this.current?.exited === false ? this.current.spawned.child.pid : undefined;
  }

  onEvent(listener: Listener<EventFrame>): () => void {
    return subscribe(this.events, listener);
  }
  onNotices(listener: Listener<Notice[]>): () => void {
    return subscribe(this.notices, listener);
  }
  /** After a crash, a new core is ready (the window should fetch everything again). */
  onRestarted(listener: Listener<CoreReady>): () => void {
    return subscribe(this.restarted, listener);
  }
  /** The core stopped and will not be restarted; the reason, for the operator. */
  onDown(listener: Listener<string>): () => void {
    return subscribe(this.stopped, listener);
  }

  /** One API call, answered by the core; never rejects: a core that is down or dies meanwhile is an `internal` error. */
  async call(method: string, params: unknown): Promise<Result<unknown>> {
    if (this.down !== null) return apiError('internal', `the Command Post core is down (${this.down}); restart Command Post`);
    const life = this.current;
    if (life === null || this.closing !== null) return apiError('internal', 'the Command Post core is not running');
    try {
      await life.ready;
    } catch (err) {
      return apiError('internal', `the Command Post core did not start: ${(err as Error).message}`);
    }
    if (life.exited) return this.current === life ? apiError('internal', 'the Command Post core stopped') : this.call(method, params);
    const id = this.nextId++;
    return new Promise((resolve) => {
      life.pending.set(id, resolve);
      life.spawned.port.postMessage({ type: 'request', frame: JSON.stringify({ id, method, params: params ?? {} }) });
    });
  }

  /** Ask the core to close (it checkpoints and closes the journal), then end its process. */
  close(): Promise<void> {
    this.closing ??= this.closeCurrent();
    return this.closing;
  }

  private async closeCurrent(): Promise<void> {
    const life = this.current;
    if (life === null || life.exited) return;
    const closed = new Promise<boolean>((resolve) => {
      const cancel = (this.opts.timers ?? nodeTimers).setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
      life.closed = () => {
        cancel();
        resolve(true);
      };
    });
    life.spawned.port.postMessage({ type: 'close' });
    if (!(await closed)) this.opts.log(`the core did not close within ${CLOSE_TIMEOUT_MS / 1000} s; stopping it (the journal was not checkpointed)`);
    life.spawned.child.kill();
  }

  private incarnate(): Incarnation {
    const spawned = this.opts.spawn();
    let settle: { resolve: (ready: CoreReady) => void; reject: (err: Error) => void } = { resolve: () => undefined, reject: () => undefined };
    const ready = new Promise<CoreReady>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Nobody may be awaiting a restarted core's start; its failure is reported through onDown.
    ready.catch(() => undefined);
    const life: Incarnation = { spawned, ready, pending: new Map(), wasReady: false, failed: false, exited: false, closed: () => undefined };
    this.current = life;
    spawned.port.on('message', (event) => {
      const parsed = FromCoreSchema.safeParse(event.data);
      if (!parsed.success) return this.opts.log(`ignored a message from the core that is not in its protocol: ${parsed.error.issues[0]?.message ?? ''}`);
      this.receive(life, parsed.data, settle);
    });
    spawned.port.start?.();
    spawned.child.on('exit', (code) => this.exited(life, code, settle.reject));
    return life;
  }

  private receive(life: Incarnation, message: FromCore, settle: { resolve: (ready: CoreReady) => void; reject: (err: Error) => void }): void {
    switch (message.type) {
      case 'ready':
        life.wasReady = true;
        return settle.resolve({ pid: message.pid, me: message.me, workspaceDir: message.workspaceDir, createdDemo: message.createdDemo });
      case 'failed':
        life.failed = true;
        settle.reject(new Error(message.message));
        life.spawned.child.kill();
        return;
      case 'response': {
        const frame = asResponseFrame(message.frame);
        const resolve = frame.id === null ? undefined : life.pending.get(frame.id);
        if (resolve === undefined) return this.opts.log(`the core answered a request nobody is waiting for (${String(frame.id)})`);
        life.pending.delete(frame.id as number);
        const { id: _id, ...result } = frame;
        return resolve(result);
      }
      case 'event':
        return emit(this.events, asEventFrame(message.frame));
      case 'notices':
        return emit(this.notices, message.notices);
      case 'log':
        return this.opts.log(message.line);
      case 'secret':
        void answerSecretRequest(this.opts.safeStorage, message).then((answer) => {
          if (!life.exited) life.spawned.port.postMessage(answer);
        });
        return;
      case 'closed':
        return life.closed();
    }
  }

  private exited(life: Incarnation, code: number, rejectStart: (err: Error) => void): void {
    life.exited = true;
    life.spawned.port.close?.();
    life.closed();
    const reason = `its process exited with code ${code}`;
    rejectStart(new Error(`the core stopped before it was ready (${reason})`));
    for (const resolve of life.pending.values()) {
      resolve(apiError('internal', `the Command Post core stopped while answering (${reason}); check whether the change was made before trying again`));
    }
    life.pending.clear();
    if (this.closing !== null || this.current !== life || life.failed || !life.wasReady) return;
    const now = this.opts.clock.now();
    while (this.restarts.length > 0 && now - (this.restarts[0] ?? now) > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      this.down = `${reason}, the ${MAX_RESTARTS + 1}th time within ${RESTART_WINDOW_MS / 1000} s`;
      this.opts.log(`the core stopped unexpectedly (${reason}) and keeps stopping; not restarting it`);
      emit(this.stopped, this.down);
      return;
    }
    this.restarts.push(now);
    this.opts.log(`the core stopped unexpectedly (${reason}); restarting it`);
    const next = this.incarnate();
    next.ready.then(
      (ready) => emit(this.restarted, ready),
      (err: Error) => {
        if (this.current !== next || this.closing !== null) return;
        this.down = err.message;
        emit(this.stopped, this.down);
      },
    );
  }
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

function emit<T>(set: Set<Listener<T>>, value: T): void {
  for (const listener of set) listener(value);
}
