import { nodeEd25519 } from './nodeEd25519';
import { loadSodiumEd25519 } from './sodiumEd25519';

/**
 * One Ed25519 implementation. Both give the same signatures (Ed25519 is
 * deterministic) and, with the checks of ed25519Rules.ts, the same verdicts,
 * so which one a peer loaded never shows in its journal.
 */
export interface Ed25519Backend {
  readonly name: 'libsodium' | 'node:crypto';
  /** Raw 32-byte public key of a 32-byte private seed. */
  publicKeyOf(seed: Uint8Array): Uint8Array;
  /** A signing function with the key prepared once. */
  signerOf(seed: Uint8Array): (message: Uint8Array) => Uint8Array;
  /** Verdict for a raw 32-byte key; false for anything malformed, never a throw. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** Set COMMANDPOST_ED25519=node:crypto to run without libsodium (tests of the fallback, comparisons). */
export const ED25519_ENV = 'COMMANDPOST_ED25519';

let chosen: Ed25519Backend | null = null;

/**
 * libsodium when sodium-native loads (about twice as fast both ways,
 * docs/architecture.md, performance budget), node:crypto otherwise. Said once
 * on stderr when falling back, since a peer that signs at half speed should
 * know why. Worker threads call this too and, with the same environment, make the same choice.
 */
export function ed25519(): Ed25519Backend {
  if (chosen !== null) return chosen;
  if (process.env[ED25519_ENV] === 'node:crypto') return (chosen = nodeEd25519);
  const sodium = loadSodiumEd25519();
  if (sodium.ok) return (chosen = sodium.backend);
  process.emitWarning(`sodium-native could not load (${sodium.reason}); Ed25519 runs on node:crypto, with the same verdicts at about half the speed`);
  return (chosen = nodeEd25519);
}
