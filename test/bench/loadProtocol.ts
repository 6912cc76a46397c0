import { z } from 'zod';

// What the load run (loadCluster.ts) and its child processes (loadPeer.ts,
// loadRelay.ts) say to each other: one JSON object a line, commands on the
// child's stdin, replies on its stdout, parsed with these schemas on both sides.

export const LoadCommand = z.discriminatedUnion('cmd', [
  /** Peers: begin appending at the configured rate. */
  z.strictObject({ cmd: z.literal('start') }),
  z.strictObject({ cmd: z.literal('status') }),
  /** Close cleanly (peers first write their timings), reply `bye` with the final state hash, exit. */
  z.strictObject({ cmd: z.literal('quit') }),
]);
export type LoadCommand = z.infer<typeof LoadCommand>;

const Status = {
  /** Entries in the journal. */
  count: z.number().int(),
  /** CPU time this process has used so far (user + system), microseconds. */
  cpuUs: z.number(),
};
const PeerStatus = { ...Status, appended: z.number().int(), live: z.boolean() };

export const LoadPeerLine = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready'), device: z.string(), ...PeerStatus }),
  z.strictObject({ t: z.literal('status'), ...PeerStatus }),
  /** Every entry of this run is appended. */
  z.strictObject({ t: z.literal('done'), ...PeerStatus }),
  z.strictObject({ t: z.literal('bye'), stateHash: z.string(), ...PeerStatus }),
]);
export type LoadPeerLine = z.infer<typeof LoadPeerLine>;

export const LoadRelayLine = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready'), port: z.number().int(), token: z.string(), syncUrl: z.string(), ...Status }),
  z.strictObject({ t: z.literal('status'), ...Status }),
  z.strictObject({ t: z.literal('bye'), stateHash: z.string(), ...Status }),
]);
export type LoadRelayLine = z.infer<typeof LoadRelayLine>;

/** A peer's timings, written to a file when it quits: [entry id, epoch ms]. */
export const LoadTimes = z.strictObject({
  device: z.string(),
  /** Own entries, when the append was asked for. */
  own: z.array(z.tuple([z.string(), z.number()])),
  /** Other authors' entries, when this peer's journal stored them. */
  stored: z.array(z.tuple([z.string(), z.number()])),
});
export type LoadTimes = z.infer<typeof LoadTimes>;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
