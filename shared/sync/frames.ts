import { z } from 'zod';
import { PublicKeyText, SignatureText, WireEntrySchema, WorkspaceIdText } from '../journal/format';
import { TlsFingerprintText } from './channelBinding';
import { SYNC_ERROR_CODES, type SyncErrorCode } from './errors';

// The sync wire protocol: one JSON object per WebSocket text frame, told
// apart by `t`. Every frame is parsed here once; after that it is typed.
//
//   both sides at once:   hello {proto, ws, device, nonce}
//   on the other's hello: auth  {sig over the handshake transcript, vv, tls?}
//     (over wss the transcript also holds the server certificate's SHA-256,
//     and tls names it, so a certificate mismatch can be reported as one:
//     see channelBinding.ts)
//   after a valid auth:   entries {n, live, entries[]}  <->  ack {n, vv, refused[]}
//   now and then:         vv {vv}  (heartbeat; lets a sender notice losses)
//   before closing:       error {code, message}
//   a device joining, instead of a hello: want-genesis {ws}  ->  genesis {entry}, then close
//   (it has no workspace to say hello from yet; the answer is only given for
//   the workspace id asked for, and the id is a hash of the genesis, so the
//   joiner checks what it got)

export const SYNC_PROTOCOL = 'commandpost-sync/1';

/**
 * Largest frame accepted. One entry can carry a 1 MiB body (MAX_BODY_BYTES),
 * and a batch is cut at SYNC_BATCH_BYTES, so an honest frame stays well below.
 */
export const MAX_SYNC_FRAME_BYTES = 8 * 1024 * 1024;
/** A sender closes a batch once it holds this many bytes of entries (or SYNC_BATCH_ENTRIES entries). */
export const SYNC_BATCH_BYTES = 2 * 1024 * 1024;
export const SYNC_BATCH_ENTRIES = 500;
/** More authors than this in one vector is not a workspace, it is an attack on our memory. */
export const MAX_VECTOR_AUTHORS = 100_000;

/** 32 random bytes, base64url without padding. */
export const NonceText = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a 32-byte nonce in base64url');
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const BatchNo = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const VersionVectorSchema = z
  .record(PublicKeyText, Seq)
  .refine((vv) => Object.keys(vv).length <= MAX_VECTOR_AUTHORS, { message: `more than ${MAX_VECTOR_AUTHORS} authors` });

export const HelloFrame = z.strictObject({
  t: z.literal('hello'),
  proto: z.literal(SYNC_PROTOCOL),
  ws: WorkspaceIdText,
  device: PublicKeyText,
  nonce: NonceText,
});

export const AuthFrame = z.strictObject({
  t: z.literal('auth'),
  sig: SignatureText,
  vv: VersionVectorSchema,
  /** Over TLS only: the server certificate the signature covers. Absent on plain ws, so those frames are unchanged. */
  tls: TlsFingerprintText.optional(),
});

export const VectorFrame = z.strictObject({ t: z.literal('vv'), vv: VersionVectorSchema });

export const EntriesFrame = z.strictObject({
  t: z.literal('entries'),
  n: BatchNo,
  /** true: pushed as it was stored; false: part of a catch-up. */
  live: z.boolean(),
  entries: z.array(WireEntrySchema).min(1).max(SYNC_BATCH_ENTRIES),
});

export const AckFrame = z.strictObject({
  t: z.literal('ack'),
  n: BatchNo,
  vv: VersionVectorSchema,
  /** Chains the receiver will not take from here on (an author's entries after its revocation). */
  refused: z.array(z.strictObject({ author: PublicKeyText, seq: Seq })).max(1000),
});

export const ErrorFrame = z.strictObject({
  t: z.literal('error'),
  code: z.enum(SYNC_ERROR_CODES),
  message: z.string().max(4000),
});

export const WantGenesisFrame = z.strictObject({ t: z.literal('want-genesis'), ws: WorkspaceIdText });

export const GenesisFrame = z.strictObject({ t: z.literal('genesis'), entry: WireEntrySchema });

export const SyncFrameSchema = z.discriminatedUnion('t', [
  HelloFrame,
  AuthFrame,
  VectorFrame,
  EntriesFrame,
  AckFrame,
  ErrorFrame,
  WantGenesisFrame,
  GenesisFrame,
]);

export type HelloFrame = z.infer<typeof HelloFrame>;
export type AuthFrame = z.infer<typeof AuthFrame>;
export type VectorFrame = z.infer<typeof VectorFrame>;
export type EntriesFrame = z.infer<typeof EntriesFrame>;
export type AckFrame = z.infer<typeof AckFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
export type WantGenesisFrame = z.infer<typeof WantGenesisFrame>;
export type GenesisFrame = z.infer<typeof GenesisFrame>;
export type SyncFrame = z.infer<typeof SyncFrameSchema>;

const FRAME_TYPES: ReadonlySet<string> = new Set(['hello', 'auth', 'vv', 'entries', 'ack', 'error', 'want-genesis', 'genesis']);

export type FrameParse = { ok: true; frame: SyncFrame } | { ok: false; code: SyncErrorCode; message: string };

/** Parse one text frame of `bytes` UTF-8 bytes. Never throws; a failure says what was wrong and where. */
export function parseSyncFrame(text: string, bytes: number): FrameParse {
  if (bytes > MAX_SYNC_FRAME_BYTES) {
    return { ok: false, code: 'frame-too-large', message: `frame is ${bytes} bytes; the limit is ${MAX_SYNC_FRAME_BYTES}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'malformed-json', message: `frame is not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'bad-frame', message: 'frame is not a JSON object' };
  }
  const t = (value as { t?: unknown }).t;
  if (typeof t !== 'string' || !FRAME_TYPES.has(t)) {
    return { ok: false, code: 'unknown-type', message: `unknown frame type ${JSON.stringify(t ?? null).slice(0, 80)}` };
  }
  const parsed = SyncFrameSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, code: 'bad-frame', message: `bad ${t} frame${where}: ${issue?.message ?? 'does not match the schema'}` };
  }
  return { ok: true, frame: parsed.data };
}
