import { z } from 'zod';

// What the test (or benchmark) and a peer process say to each other: one JSON
// object per line, commands on the peer's stdin, replies and events on its
// stdout. Both sides parse with these schemas, so a garbled line fails loudly
// with the line in the message instead of as an undefined field later.

export const PeerCommand = z.discriminatedUnion('cmd', [
  /** Write n entries of this device (one transaction), return when committed. */
  z.strictObject({ cmd: z.literal('append'), id: z.number().int(), n: z.number().int().min(1).max(100_000) }),
  z.strictObject({ cmd: z.literal('status'), id: z.number().int() }),
  /** Keep a connection to this peer URL (Reconnector: backoff and jitter). */
  z.strictObject({ cmd: z.literal('dial'), id: z.number().int(), url: z.string() }),
  /** Close sessions, server and workspace cleanly, reply, exit 0. */
  z.strictObject({ cmd: z.literal('quit'), id: z.number().int() }),
]);
export type PeerCommand = z.infer<typeof PeerCommand>;

export const SessionStatus = z.strictObject({
  label: z.string(),
  peer: z.string().nullable(),
  state: z.enum(['handshake', 'live', 'closed']),
  received: z.number(),
  total: z.number(),
  entriesSent: z.number(),
  /** Why it ended (a timeout, the socket closing, a rejection), once it has. */
  closeReason: z.string().nullable(),
});

export const PeerStatus = z.strictObject({
  device: z.string(),
  vv: z.record(z.string(), z.number()),
  count: z.number(),
  stateHash: z.string(),
  /** Sessions open now, incoming and outgoing. */
  sessions: z.array(SessionStatus),
  /** Sessions ended since start, newest last (what each had sent and received). */
  ended: z.array(SessionStatus),
});
export type PeerStatus = z.infer<typeof PeerStatus>;

export const PeerLine = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready'), device: z.string(), url: z.string(), port: z.number(), status: PeerStatus }),
  /** The status after the command, or why it failed. */
  z.strictObject({ t: z.literal('reply'), id: z.number(), status: PeerStatus.nullable(), error: z.string().nullable() }),
  /** A sync event (describeSyncEvent's source), as it happened. */
  z.strictObject({ t: z.literal('event'), type: z.string(), peer: z.string().nullable(), received: z.number().optional(), total: z.number().optional() }),
]);
export type PeerLine = z.infer<typeof PeerLine>;
