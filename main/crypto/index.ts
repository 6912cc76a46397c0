export { nodeCrypto, generateKeyPair, signerFromSeed, type Ed25519KeyPair } from './ed25519';
