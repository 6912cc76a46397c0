import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { checkPlainWs, SYNC_PATH, syncUpgrade, WS_MAX_PAYLOAD, type SyncNode } from '../sync';

export interface SyncEndpoint {
  path: string;
  /** False when the bind address needs an insecure flag that was not given; upgrades are then refused with the reason. */
  enabled: boolean;
  disabledReason: string | null;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * The peer sync socket on the host's own HTTP(S) server (one port for the
 * console, its API and the room's peers). Over TLS (`tls`) it is wss:// and
 * may face any network. Plain, off loopback, it takes the same explicit
 * insecure flag as a standalone sync listener: entries are signed, but
 * plain ws:// lets anyone on the path read the incident.
 */
export function syncEndpoint(node: SyncNode, host: string, insecure: boolean, tls = false): SyncEndpoint {
  let disabledReason: string | null = null;
  try {
    if (!tls) checkPlainWs(host, insecure, 'to serve peer sync on');
  } catch (err) {
    disabledReason = (err as Error).message;
  }
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  const accept = syncUpgrade(node, wss);
  return {
    path: SYNC_PATH,
    enabled: disabledReason === null,
    disabledReason,
    upgrade(req, socket, head) {
      if (disabledReason === null) return accept(req, socket, head);
      const body = `${disabledReason}\n`;
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
