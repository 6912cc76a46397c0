export type { Hasher, SignatureVerifier, Signer, CryptoSuite } from './crypto';
export { FORMAT_VERSION, MAX_BODY_BYTES, MAX_EXPORT_LINE_BYTES } from './limits';
export { HeaderSchema, WireEntrySchema, HexHash, PublicKeyText, WorkspaceIdText, toWire, type Header, type WireEntry, type Entry } from './format';
export { JournalVerifyError } from './errors';
export {
  signEntry,
  signEntryWithTexts,
  prepareEntry,
  completeEntry,
  type PreparedEntry,
  verifyEntry,
  checkEntryExceptSignature,
  finishVerify,
  type CheckedEntry,
  bodyHashOf,
  headerBytesOf,
  entryIdOf,
  canonicalBodyBytes,
  BodyTooLargeError,
  type DraftHeader,
  type SignedEntry,
} from './entryCodec';
export { compareOrder, orderKeyOf, type OrderKey } from './order';
export { parseStrictJson, StrictJsonError } from './strictJson';
export {
  TRAILER_PURPOSE,
  TrailerSchema,
  TrailerLineSchema,
  signTrailer,
  trailerBytesOf,
  trailerLineText,
  trailerMismatches,
  type Trailer,
  type TrailerLine,
  type Heads,
  type ExportFacts,
} from './trailer';
