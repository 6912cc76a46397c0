/** A frame as it arrived: text (with its UTF-8 size, measured before decoding) or binary (refused). */
export type LinkFrame = { kind: 'text'; text: string; bytes: number } | { kind: 'binary'; bytes: number };

/**
 * An ordered, bidirectional channel of frames between two peers: a WebSocket,
 * or a simulated network link. Sessions are written against this alone, so
 * the same code runs over `ws` and in the deterministic simulation.
 */
export interface Link {
  /** Where the other end is, for logs ("ws 127.0.0.1:5123", "sim 2->4"). */
  readonly label: string;
  /**
   * Over TLS: SHA-256 (hex) of the server certificate of this connection as
   * this end sees it, which the handshake binds to the device keys
   * (shared/sync/channelBinding.ts). Absent on plain ws and simulated links.
   */
  readonly tls?: string;
  send(text: string): void;
  /** Close the link; frames already sent are still delivered. Idempotent. */
  close(reason: string): void;
  /** Set the one frame handler. Frames are delivered in order, after the handler is set. */
  onFrame(handler: (frame: LinkFrame) => void): void;
  /** Called once when the link is closed, by either end or the network. */
  onClose(handler: (reason: string) => void): void;
}
