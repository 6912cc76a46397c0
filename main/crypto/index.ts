export { nodeCrypto, ed25519Implementation, generateKeyPair, signerFromSeed, type Ed25519KeyPair } from './ed25519';
export { verifySignaturesParallel, VerifyPool, PARALLEL_THRESHOLD, type SignatureCheck } from './verifyPool';
export { certificateFingerprint } from './certificateFingerprint';
