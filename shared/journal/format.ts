import { z } from 'zod';
import type { JsonValue } from '../canonical';

export const HexHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (SHA-256)');
export const PublicKeyText = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'expected base64url of a 32-byte Ed25519 public key');
export const SignatureText = z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'expected base64url of a 64-byte Ed25519 signature');
export const WorkspaceIdText = z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-hex-digit workspace id');
export const KindText = z
  .string()
  .max(64)
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, 'expected a dotted lower-camel kind name');

export const HeaderSchema = z
  .strictObject({
    v: z.literal(1),
    ws: WorkspaceIdText,
    author: PublicKeyText,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    prev: HexHash.nullable(),
    hlc: z.strictObject({
      wall: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      count: z.number().int().min(0).max(0x7fffffff),
    }),
    kind: KindText,
    bodyHash: HexHash,
  })
  .refine((h) => (h.seq === 1) === (h.prev === null), {
    message: 'prev must be null exactly when seq is 1',
    path: ['prev'],
  });

export type Header = z.infer<typeof HeaderSchema>;

/** One line of a JSON Lines export, and the unit sync moves. */
export const WireEntrySchema = z
  .strictObject({
    id: HexHash,
    header: HeaderSchema,
    sig: SignatureText,
    // Wire entries come from JSON.parse, so any value is JSON already; canonical
    // serialisation rejects what I-JSON forbids. A recursive schema here cost
    // a third of verification time.
    body: z.custom<JsonValue>((v) => v !== undefined).optional(),
    redactedBy: HexHash.optional(),
  })
  .refine((e) => (e.body === undefined) !== (e.redactedBy === undefined), {
    message: 'an entry carries either a body or redactedBy, never both or neither',
  });

export type WireEntry = z.infer<typeof WireEntrySchema>;

/** A verified entry as the store and the fold see it. */
export interface Entry {
  readonly id: string;
  readonly header: Header;
  readonly sig: string;
  /** null when redacted: see redactedBy. */
  readonly body: JsonValue | null;
  readonly redactedBy: string | null;
}

export function toWire(entry: Entry): WireEntry {
  return entry.redactedBy !== null
    ? { id: entry.id, header: entry.header, sig: entry.sig, redactedBy: entry.redactedBy }
    : { id: entry.id, header: entry.header, sig: entry.sig, body: entry.body };
}
