import { SYNC_BATCH_BYTES, SYNC_BATCH_ENTRIES } from '../../shared/sync';

/** Tunables of a sync session. Defaults suit a LAN; tests shrink them. */
export interface SyncLimits {
  batchEntries: number;
  batchBytes: number;
  /** Batches in flight without an ack before the sender waits. */
  window: number;
  /** An unacked batch older than this counts as lost. */
  ackTimeoutMs: number;
  /** Send our vector this often (a heartbeat, and how losses are noticed). */
  heartbeatMs: number;
  /** Close a link that has been silent this long. */
  idleTimeoutMs: number;
  /** The handshake must finish within this. */
  handshakeTimeoutMs: number;
  /** Frames a peer may burst, and sustain per second, before it counts as flooding. */
  rateBurst: number;
  ratePerSecond: number;
  /** Entries parked waiting for a gap to fill; beyond this, new ones are dropped (and resent later). */
  maxPending: number;
  /**
   * Received entries are imported (verified, stored, in one transaction) once the frames at hand are read,
   * or once this many wait: a sender's whole window (4 batches of 500) by default.
   */
  importEntries: number;
  /** Frames from a peer held while its own proof is still being checked. */
  maxEarlyFrames: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  batchEntries: SYNC_BATCH_ENTRIES,
  batchBytes: SYNC_BATCH_BYTES,
  window: 4,
  ackTimeoutMs: 20_000,
  heartbeatMs: 5_000,
  idleTimeoutMs: 30_000,
  handshakeTimeoutMs: 10_000,
  rateBurst: 2_000,
  ratePerSecond: 1_000,
  maxPending: 20_000,
  importEntries: 2_000,
  maxEarlyFrames: 16,
};
