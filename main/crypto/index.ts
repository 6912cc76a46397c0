export { nodeCrypto, generateKeyPair, signerFromSeed, type Ed25519KeyPair } from './ed25519';
export { verifySignaturesParallel, PARALLEL_THRESHOLD, type SignatureCheck } from './verifyPool';
