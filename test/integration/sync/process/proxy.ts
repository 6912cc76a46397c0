import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type ProxyMode = 'open' | 'dropped' | 'stalled';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP forwarder on loopback standing in for one network link between two
 * peers, so a test can break the link the two ways networks break:
 * - drop(): every connection is reset at once, and new ones are cut as they
 *   arrive (a cable pulled; both ends notice).
 * - stall(): nothing is forwarded any more, but nothing is closed either;
 *   new connections are accepted and left hanging (a black hole; the ends
 *   notice only by their own timeouts).
 * - heal(): forwarding resumes; what a stall held back is delivered.
 */
export class LinkProxy {
  private state: ProxyMode = 'open';
  private readonly pairs = new Set<Pair>();
  /** Connections accepted during a stall, connected upstream on heal. */
  private readonly held = new Set<Pair>();
  /** Bytes forwarded each way, for the curious. */
  bytes = { up: 0, down: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Listen on a free loopback port, forwarding to 127.0.0.1:targetPort. */
  static async start(targetPort: number): Promise<LinkProxy> {
    let proxy: LinkProxy | null = null;
    const server = createServer((client) => proxy?.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy = new LinkProxy(server, (server.address() as AddressInfo).port, targetPort);
    return proxy;
  }

  get mode(): ProxyMode {
    return this.state;
  }

  /** A ws:// URL of the sync endpoint behind this proxy. */
  url(path = '/sync'): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  drop(): void {
    this.state = 'dropped';
    for (const pair of [...this.pairs, ...this.held]) this.destroy(pair);
  }

  stall(): void {
    this.state = 'stalled';
    // Stop reading both ways: what either end sends piles up in buffers, as behind a dead router.
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  heal(): void {
    this.state = 'open';
    for (const pair of this.pairs) {
      pair.client.resume();
      pair.upstream?.resume();
    }
    for (const pair of [...this.held]) {
      this.held.delete(pair);
      this.forward(pair);
    }
  }

  async close(): Promise<void> {
    for (const pair of [...this.pairs, ...this.held]) this.destroy(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.setNoDelay(true);
    const pair: Pair = { client, upstream: null };
    client.on('error', () => this.destroy(pair));
    client.on('close', () => this.destroy(pair));
    if (this.state === 'dropped') {
      client.resetAndDestroy();
      return;
    }
    if (this.state === 'stalled') {
      client.pause();
      this.held.add(pair);
      return;
    }
    this.forward(pair);
  }

  private forward(pair: Pair): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    upstream.setNoDelay(true);
    pair.upstream = upstream;
    this.pairs.add(pair);
    upstream.on('error', () => this.destroy(pair));
    upstream.on('close', () => this.destroy(pair));
    // Not pipe(): a pipe would resume a paused source on its own when the other side drains.
    pair.client.on('data', (chunk: Buffer) => {
      this.bytes.up += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      this.bytes.down += chunk.length;
      pair.client.write(chunk);
    });
    if (this.state === 'open') pair.client.resume();
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair) && !this.held.delete(pair) && pair.client.destroyed) return;
    // A reset, not a FIN: both peers see the link die, as when a route disappears.
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (pair.upstream !== null && !pair.upstream.destroyed) pair.upstream.resetAndDestroy();
  }
}
