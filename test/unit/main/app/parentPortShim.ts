import { EventEmitter } from 'node:events';

// Loaded (--import) into the Node child process that stands in for Electron's
// utility process (utilityProcessMock.ts): gives it `process.parentPort` as
// Electron does, and the MessagePort the parent transfers. Both travel over
// the child process's IPC channel, tagged: 'parent' for parentPort messages
// (`port: true` when a port came with one), 'port' for the port's; 'hello'
// once it listens.

type Wire = { via: 'parent'; data: unknown; port?: boolean } | { via: 'port'; data: unknown };

class ShimPort extends EventEmitter {
  private started = false;
  private readonly queued: Array<[unknown, ShimPort[]]> = [];

  constructor(private readonly via: 'parent' | 'port') {
    super();
    // Electron's parentPort queues messages until a 'message' handler is registered.
    if (via === 'parent') this.once('newListener', (event: string) => event === 'message' && setImmediate(() => this.start()));
  }

  postMessage(data: unknown): void {
    process.send?.({ via: this.via, data });
  }

  /** Electron's MessagePortMain holds messages until start(). */
  start(): void {
    this.started = true;
    for (const [data, ports] of this.queued.splice(0)) this.emit('message', { data, ports });
  }

  close(): void {
    this.removeAllListeners();
  }

  deliver(data: unknown, ports: ShimPort[] = []): void {
    if (this.started) this.emit('message', { data, ports });
    else this.queued.push([data, ports]);
  }
}

const parentPort = new ShimPort('parent');
let port: ShimPort | null = null;
process.on('message', (message: Wire) => {
  if (message.via === 'port') port?.deliver(message.data);
  else if (message.port === true) parentPort.deliver(message.data, [(port = new ShimPort('port'))]);
  else parentPort.deliver(message.data);
});
Object.assign(process, { parentPort });
// Node drops messages that arrive before a listener: the parent holds its own until now.
process.send?.({ via: 'hello' });
