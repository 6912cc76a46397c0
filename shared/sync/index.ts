export * from './frames';
export { channelMismatch, formatFingerprint, TlsFingerprintText } from './channelBinding';
export { handshakeProofBytes, verifyHandshakeProof, type HandshakeTranscript } from './handshake';
export { PeerRejected, SYNC_ERROR_CODES, type SyncErrorCode } from './errors';
export { TokenBucket } from './tokenBucket';
export { mergeMax, missingCount, sameVector, seqOf, type VersionVector } from './versionVector';
