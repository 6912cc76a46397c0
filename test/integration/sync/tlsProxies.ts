import { once } from 'node:events';
import { createServer as createTcpServer, connect as tcpConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';

// Relays on loopback between a wss:// client and a real sync server, for
// the channel-binding tests: one that only forwards bytes (TLS runs end to
// end through it), and a man in the middle that terminates TLS with a
// certificate of its own and opens its own TLS connection onward, so it
// reads and could rewrite every frame.

export interface Relay {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

async function relay(server: Server, sockets: Set<Socket>, counter: { accepted: number }): Promise<Relay> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return counter.accepted;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splice(a: Socket, b: Socket, sockets: Set<Socket>): void {
  for (const s of [a, b]) {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {
      a.destroy();
      b.destroy();
    });
  }
  a.pipe(b).pipe(a);
}

/** Forwards TCP bytes to 127.0.0.1:`target` untouched. */
export function tcpRelay(target: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  const counter = { accepted: 0 };
  const server = createTcpServer((client) => {
    counter.accepted += 1;
    splice(client, tcpConnect({ host: '127.0.0.1', port: target }), sockets);
  });
  return relay(server, sockets, counter);
}

/** Terminates TLS with `own` (its certificate, not the target's) and relays the plaintext over a TLS connection of its own to the target. */
export function tlsTerminatingRelay(target: number, own: { cert: string; key: string }): Promise<Relay> {
  const sockets = new Set<Socket>();
  const counter = { accepted: 0 };
  const server = createTlsServer({ cert: own.cert, key: own.key }, (client) => {
    counter.accepted += 1;
    splice(client, tlsConnect({ host: '127.0.0.1', port: target, rejectUnauthorized: false }), sockets);
  });
  return relay(server, sockets, counter);
}
