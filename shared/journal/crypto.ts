// The signature and hash primitives sit behind these small interfaces so that
// shared/ stays free of node:crypto, and a faster implementation (libsodium)
// or a browser one (WebCrypto) can replace node:crypto without touching the
// format code.

export interface Hasher {
  sha256(data: Uint8Array): Uint8Array;
}

export interface SignatureVerifier {
  /** publicKey: base64url (no padding) of the raw 32-byte Ed25519 key. */
  verify(publicKey: string, message: Uint8Array, signature: Uint8Array): boolean;
}

export interface Signer {
  /** base64url (no padding) of the raw 32-byte Ed25519 public key. */
  readonly publicKey: string;
  sign(message: Uint8Array): Uint8Array;
  /** Sign many messages, possibly on other cores (bulk appends). Optional. */
  signMany?(messages: readonly Uint8Array[]): Promise<Uint8Array[]>;
}

export interface CryptoSuite extends Hasher, SignatureVerifier {}
