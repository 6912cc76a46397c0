import { createRequire } from 'node:module';
import type { Ed25519Backend } from './ed25519Backend';
import { isAcceptableKey, isAcceptableSignature } from './ed25519Rules';

// Ed25519 through libsodium (sodium-native: prebuilt N-API binaries inside the
// npm package, as Hypercore uses). Loaded with require so that a missing or
// unloadable binary is an answer (fall back to node:crypto), not a crash at
// import. In the packaged app the binary sits outside the asar archive
// (electron-builder.yml, asarUnpack).

/** The part of sodium-native used here. */
interface Sodium {
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

function keypairOf(sodium: Sodium, seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed.length !== 32) throw new Error('an Ed25519 private seed is 32 bytes');
  const publicKey = new Uint8Array(32);
  const secretKey = new Uint8Array(64);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  return { publicKey, secretKey };
}

function backendOf(sodium: Sodium): Ed25519Backend {
  return {
    name: 'libsodium',
    publicKeyOf: (seed) => keypairOf(sodium, seed).publicKey,
    signerOf(seed) {
      const { secretKey } = keypairOf(sodium, seed);
      return (message) => {
        const signature = new Uint8Array(64);
        sodium.crypto_sign_detached(signature, message, secretKey);
        return signature;
      };
    },
    // libsodium makes these checks itself; they are repeated because they are
    // the format's rule, and a libsodium built with ED25519_COMPAT would skip them.
    verify: (publicKey, message, signature) =>
      isAcceptableKey(publicKey) && isAcceptableSignature(signature) && sodium.crypto_sign_verify_detached(signature, message, publicKey),
  };
}

export type SodiumLoad = { ok: true; backend: Ed25519Backend } | { ok: false; reason: string };

export function loadSodiumEd25519(): SodiumLoad {
  try {
    const sodium = createRequire(import.meta.url)('sodium-native') as Sodium;
    return { ok: true, backend: backendOf(sodium) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
}
