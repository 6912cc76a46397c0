import { z } from 'zod';
import { FederationStatusSchema } from '../../../shared/api';

// What a federation test says to a room process (roomProcess.ts): one JSON
// object a line, commands on its stdin, replies on its stdout.

export const RoomCommand = z.discriminatedUnion('cmd', [
  /** Append n entries (notes, every tenth an incident) in one transaction. */
  z.strictObject({ cmd: z.literal('append'), n: z.number().int().min(1), tag: z.string() }),
  z.strictObject({ cmd: z.literal('status') }),
  /** List a peer to sync with directly (the single-room baseline of the benchmark). */
  z.strictObject({ cmd: z.literal('dial'), url: z.string() }),
  /** Other authors' entries stored since the last ask, with when (epoch ms). */
  z.strictObject({ cmd: z.literal('arrivals') }),
  z.strictObject({ cmd: z.literal('quit') }),
]);
export type RoomCommand = z.infer<typeof RoomCommand>;

const Status = {
  count: z.number().int(),
  stateHash: z.string(),
  federation: FederationStatusSchema.nullable(),
};

export const RoomLine = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready'), port: z.number().int(), syncUrl: z.string(), ...Status }),
  /** `at`: when the append was asked for (epoch ms). */
  z.strictObject({ t: z.literal('appended'), ids: z.array(z.string()), at: z.number(), ...Status }),
  z.strictObject({ t: z.literal('arrivals'), arrivals: z.array(z.tuple([z.string(), z.number()])) }),
  z.strictObject({ t: z.literal('status'), ...Status }),
  z.strictObject({ t: z.literal('bye'), ...Status }),
]);
export type RoomLine = z.infer<typeof RoomLine>;
