import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import type { ResponseFrame, StateChangedEvent } from '../../../shared/api';
import type { Signer } from '../../../shared/journal';
import { systemClock } from '../../../main/clock';
import { startHost, type HostOptions, type RunningHost } from '../../../main/host';
export { withTimeout } from '../../support/withTimeout';

import { demoWorkspace } from '../../support/demoWorkspace';
export { cleanupTempDirs, demoWorkspace, resources, root, tempDir } from '../../support/demoWorkspace';

/** A tiny stand-in for the built renderer, with a secret next to it that traversal must not reach. */
export function staticFixture(base: string): string {
  const dir = join(base, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Command Post</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("console");');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body { color: black }');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
  return dir;
}

export interface TestHost {
  host: RunningHost;
  dir: string;
  signer: Signer;
  base: string;
  staticDir: string;
}

export async function demoHost(extra: Partial<HostOptions> = {}): Promise<TestHost> {
  const { dir, signer, base } = demoWorkspace();
  const staticDir = staticFixture(base);
  const host = await startHost({ workspaceDir: dir, signer, clock: systemClock, port: 0, staticDir, log: () => undefined, ...extra });
  return { host, dir, signer, base, staticDir };
}

export function apiUrl(host: RunningHost, token: string | null = host.token): string {
  return `ws://127.0.0.1:${host.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

type Waiter<T> = (value: T) => void;

/** A real `ws` client that keeps responses and events apart, in arrival order. */
export class TestClient {
  private nextId = 1;
  private readonly responses: ResponseFrame[] = [];
  private readonly responseWaiters: Waiter<ResponseFrame>[] = [];
  private readonly events: StateChangedEvent[] = [];
  private readonly eventWaiters: Waiter<StateChangedEvent>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: RawData) => this.receive(String(data)));
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    const client = new TestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  private receive(text: string): void {
    const frame = JSON.parse(text) as ResponseFrame | { event: StateChangedEvent };
    if ('event' in frame) {
      const waiter = this.eventWaiters.shift();
      if (waiter) waiter(frame.event);
      else this.events.push(frame.event);
    } else {
      const waiter = this.responseWaiters.shift();
      if (waiter) waiter(frame);
      else this.responses.push(frame);
    }
  }

  /** The next response frame, whatever its id (the host answers in order). */
  nextResponse(): Promise<ResponseFrame> {
    const ready = this.responses.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.responseWaiters.push(resolve));
  }

  nextEvent(): Promise<StateChangedEvent> {
    const ready = this.events.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.eventWaiters.push(resolve));
  }

  /** Events received and not yet taken. */
  pendingEvents(): StateChangedEvent[] {
    return this.events.splice(0);
  }

  sendRaw(data: string | Buffer): Promise<ResponseFrame> {
    this.socket.send(data);
    return this.nextResponse();
  }

  async call(method: string, params: unknown = {}): Promise<ResponseFrame> {
    const id = this.nextId++;
    const response = await this.sendRaw(JSON.stringify({ id, method, params }));
    if (response.id !== id) throw new Error(`response id ${String(response.id)} for request ${id}`);
    return response;
  }

  /** call() that expects success and returns the value. */
  async value<T>(method: string, params: unknown = {}): Promise<T> {
    const r = await this.call(method, params);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  }

  close(): void {
    this.socket.close();
  }
}

/** The HTTP status an upgrade to `url` gets: 101 when it is accepted. */
export function upgradeStatus(url: string, options: ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on('error', (err) => reject(err));
  });
}
