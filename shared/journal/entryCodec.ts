import { canonicalJson, type JsonValue } from '../canonical';
import { fromBase64Url, toBase64Url, toHex, utf8 } from '../bytes';
import type { CryptoSuite, Hasher, Signer } from './crypto';
import { JournalVerifyError } from './errors';
import { HeaderSchema, type Entry, type Header, type WireEntry } from './format';
import { MAX_BODY_BYTES } from './limits';

// What is hashed and signed (docs/journal-format.md is the prose version):
//   bodyHash = hex(SHA-256(JCS(body)))
//   headerBytes = UTF-8(JCS(header))
//   id = hex(SHA-256(headerBytes))
//   sig = base64url(Ed25519(headerBytes))
// The signature covers bodyHash, not the body, so a body can be redacted
// later without breaking the signature or the chain.

export function canonicalBodyBytes(body: JsonValue): Uint8Array {
  return utf8(canonicalJson(body));
}

export function bodyHashOf(hasher: Hasher, body: JsonValue): string {
  return toHex(hasher.sha256(canonicalBodyBytes(body)));
}

export function headerBytesOf(header: Header): Uint8Array {
  return utf8(canonicalJson(header));
}

export function entryIdOf(hasher: Hasher, header: Header): string {
  return toHex(hasher.sha256(headerBytesOf(header)));
}

export class BodyTooLargeError extends Error {
  constructor(
    readonly kind: string,
    readonly bytes: number,
  ) {
    super(`body of ${kind} is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes (1 MiB)`);
    this.name = 'BodyTooLargeError';
  }
}

export interface DraftHeader {
  ws: string;
  seq: number;
  prev: string | null;
  hlc: { wall: number; count: number };
  kind: string;
}

/** A freshly signed entry with the canonical texts it was made from, so storing it need not serialise again. */
export interface SignedEntry {
  readonly entry: Entry;
  readonly headerText: string;
  readonly bodyText: string;
}

/** Sign a new entry. The caller supplies seq/prev/hlc from its own chain. */
export function signEntry(hasher: Hasher, signer: Signer, draft: DraftHeader, body: JsonValue): Entry {
  return signEntryWithTexts(hasher, signer, draft, body).entry;
}

export function signEntryWithTexts(hasher: Hasher, signer: Signer, draft: DraftHeader, body: JsonValue): SignedEntry {
  const prepared = prepareEntry(hasher, signer.publicKey, draft, body);
  return completeEntry(prepared, signer.sign(prepared.headerBytes));
}

/** An entry with everything but its signature: the id (and so the chain) does not depend on it. */
export interface PreparedEntry {
  readonly id: string;
  readonly header: Header;
  readonly body: JsonValue;
  readonly headerText: string;
  readonly headerBytes: Uint8Array;
  readonly bodyText: string;
}

export function prepareEntry(hasher: Hasher, author: string, draft: DraftHeader, body: JsonValue): PreparedEntry {
  const bodyText = canonicalJson(body);
  const bodyBytes = utf8(bodyText);
  if (bodyBytes.length > MAX_BODY_BYTES) throw new BodyTooLargeError(draft.kind, bodyBytes.length);
  const header: Header = {
    v: 1,
    ws: draft.ws,
    author,
    seq: draft.seq,
    prev: draft.prev,
    hlc: { wall: draft.hlc.wall, count: draft.hlc.count },
    kind: draft.kind,
    bodyHash: toHex(hasher.sha256(bodyBytes)),
  };
  const headerText = canonicalJson(header);
  const headerBytes = utf8(headerText);
  return { id: toHex(hasher.sha256(headerBytes)), header, body, headerText, headerBytes, bodyText };
}

export function completeEntry(prepared: PreparedEntry, signature: Uint8Array): SignedEntry {
  const entry: Entry = { id: prepared.id, header: prepared.header, sig: toBase64Url(signature), body: prepared.body, redactedBy: null };
  return { entry, headerText: prepared.headerText, bodyText: prepared.bodyText };
}

/**
 * Check one entry on its own: header shape, id, signature and body hash.
 * Chain links, gaps and authorization need context and are checked by the
 * journal store and the fold.
 */
export function verifyEntry(suite: CryptoSuite, wire: WireEntry, line?: number): Entry {
  const checked = checkEntryExceptSignature(suite, wire, line);
  return finishVerify(checked, suite.verify(wire.header.author, checked.headerBytes, checked.signature), line);
}

/**
 * Complete a check begun by checkEntryExceptSignature once the signature's
 * verdict is known. A bad signature is reported before a body mismatch: it
 * is the more fundamental problem.
 */
export function finishVerify(checked: CheckedEntry, signatureValid: boolean, line?: number): Entry {
  const { header, id } = checked.entry;
  const where = { author: header.author, seq: header.seq, id, line };
  if (!signatureValid) throw new JournalVerifyError('bad signature', where);
  if (checked.bodyProblem !== null) throw new JournalVerifyError(checked.bodyProblem, where);
  return checked.entry;
}

export interface CheckedEntry {
  entry: Entry;
  headerBytes: Uint8Array;
  signature: Uint8Array;
  /** Set when the body does not match bodyHash or is too large. */
  bodyProblem: string | null;
}

/**
 * Everything verifyEntry checks but the Ed25519 signature itself, which is
 * returned with the bytes it must cover, so that a caller can check many
 * signatures in parallel.
 */
export function checkEntryExceptSignature(hasher: Hasher, wire: WireEntry, line?: number): CheckedEntry {
  const where = { author: wire.header.author, seq: wire.header.seq, id: wire.id, line };
  const parsed = HeaderSchema.safeParse(wire.header);
  if (!parsed.success) throw new JournalVerifyError(`malformed header: ${parsed.error.issues[0]?.message}`, where);
  const headerBytes = headerBytesOf(wire.header);
  const id = toHex(hasher.sha256(headerBytes));
  if (id !== wire.id) throw new JournalVerifyError(`id does not match the header (computed ${id})`, where);
  let sig: Uint8Array;
  try {
    sig = fromBase64Url(wire.sig);
  } catch (err) {
    throw new JournalVerifyError(`signature is not base64url: ${(err as Error).message}`, where);
  }
  if (sig.length !== 64) throw new JournalVerifyError('bad signature', where);
  let bodyProblem: string | null = null;
  if (wire.body !== undefined) {
    const bodyBytes = canonicalBodyBytes(wire.body);
    if (bodyBytes.length > MAX_BODY_BYTES) bodyProblem = `body is ${bodyBytes.length} bytes, over the ${MAX_BODY_BYTES}-byte limit`;
    else if (toHex(hasher.sha256(bodyBytes)) !== wire.header.bodyHash) bodyProblem = 'body does not match bodyHash';
  }
  return {
    entry: { id, header: wire.header, sig: wire.sig, body: wire.body ?? null, redactedBy: wire.redactedBy ?? null },
    headerBytes,
    signature: sig,
    bodyProblem,
  };
}
