import { WebSocket, type RawData } from 'ws';
import type { Link, LinkFrame } from './link';

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** A WebSocket close reason is at most 123 bytes. */
function closeReason(reason: string): string {
  const short = reason.length > 100 ? `${reason.slice(0, 97)}...` : reason;
  return Buffer.byteLength(short) <= 123 ? short : '';
}

/** A `ws` socket (either end) as a sync Link; `tls`: the server certificate of a wss connection (Link.tls). */
export function wsLink(socket: WebSocket, label: string, tls?: string): Link {
  let frameHandler: ((frame: LinkFrame) => void) | null = null;
  let closeHandler: ((reason: string) => void) | null = null;
  let closed: string | null = null;
  const notifyClosed = (reason: string) => {
    if (closed !== null) return;
    closed = reason;
    closeHandler?.(reason);
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    frameHandler?.(isBinary ? { kind: 'binary', bytes: bytes.length } : { kind: 'text', text: bytes.toString('utf8'), bytes: bytes.length });
  });
  // 'close' follows every 'error'; listening to 'error' keeps it from being thrown.
  socket.on('error', (err: Error) => notifyClosed(`ws error: ${err.message}`));
  socket.on('close', (code: number, reason: Buffer) => notifyClosed(`ws closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`));
  return {
    label,
    ...(tls !== undefined ? { tls } : {}),
    send(text) {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close(reason) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1008, closeReason(reason));
      notifyClosed(reason);
    },
    onFrame(handler) {
      frameHandler = handler;
    },
    onClose(handler) {
      closeHandler = handler;
      if (closed !== null) handler(closed);
    },
  };
}
