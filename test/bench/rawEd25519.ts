// Raw Ed25519 rates for the benchmarks' baselines: the library itself on 300-byte
// messages, single thread, warmed up, with none of our wrapping (no key cache,
// no pre-checks). libsodium through sodium-native when it loads (what the app
// then uses); node:crypto always, as a secondary figure.
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { ed25519Implementation } from '../../main/crypto';
import { measureRate, round, targetMet, type RateResult, type Target } from './harness';

interface Sodium {
  crypto_sign_keypair(publicKey: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

function loadSodium(): Sodium | null {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return null;
  }
}

export type Ed25519Library = 'libsodium' | 'node:crypto';

/** sign(i) and verify(i) over 256 prepared messages; verify returns the verdict. */
interface Ops {
  sign(i: number): void;
  verify(i: number): boolean;
}

const MESSAGES = Array.from({ length: 256 }, () => randomBytes(300));

function nodeOps(): Ops {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const sigs = MESSAGES.map((m) => sign(null, m, privateKey));
  return {
    sign: (i) => void sign(null, MESSAGES[i & 255]!, privateKey),
    verify: (i) => verify(null, MESSAGES[i & 255]!, publicKey, sigs[i & 255]!),
  };
}

function sodiumOps(sodium: Sodium): Ops {
  const publicKey = new Uint8Array(32);
  const secretKey = new Uint8Array(64);
  sodium.crypto_sign_keypair(publicKey, secretKey);
  const sigs = MESSAGES.map((m) => {
    const s = new Uint8Array(64);
    sodium.crypto_sign_detached(s, m, secretKey);
    return s;
  });
  const out = new Uint8Array(64);
  return {
    sign: (i) => sodium.crypto_sign_detached(out, MESSAGES[i & 255]!, secretKey),
    verify: (i) => sodium.crypto_sign_verify_detached(sigs[i & 255]!, MESSAGES[i & 255]!, publicKey),
  };
}

/** The library the app uses in this process (ed25519Implementation()), and node:crypto. */
export function ed25519Libraries(): { used: Ed25519Library; ops: Record<Ed25519Library, Ops | null> } {
  const sodium = loadSodium();
  return { used: ed25519Implementation(), ops: { libsodium: sodium === null ? null : sodiumOps(sodium), 'node:crypto': nodeOps() } };
}

export interface RawRates {
  library: Ed25519Library;
  sign: RateResult;
  verify: RateResult;
}

/** Single-thread sign and verify rates of one library. */
export function rawRates(library: Ed25519Library, opts: { warmupMs: number; minMs: number }): RawRates | null {
  const ops = ed25519Libraries().ops[library];
  if (ops === null) return null;
  let bad = 0;
  const sign = measureRate((i) => ops.sign(i), opts);
  const verify = measureRate((i) => {
    if (!ops.verify(i)) bad += 1;
  }, opts);
  if (bad > 0) throw new Error(`baseline: a valid signature failed to verify with ${library}`);
  return { library, sign, verify };
}

/**
 * The all-cores verify limit: cores × the single-thread raw rate of the same
 * library. What a perfectly parallel verifier would reach on this machine.
 */
export function allCores(verifyPerSec: number): { cores: number; perSec: number } {
  const cores = availableParallelism();
  return { cores, perSec: round(cores * verifyPerSec) };
}

/** Single-thread raw verify rate of the library the app uses, measured now (the machine is shared). */
export function rawVerifyRate(quick: boolean): number {
  return rawRates(ed25519Implementation(), { warmupMs: 300, minMs: quick ? 300 : 1_500 })!.verify.perSec;
}

/**
 * The verify-bound limit of a sync: every missing entry is verified once, by
 * the side that lacked it, so converging cannot beat entries / (cores x raw
 * verify rate) however the work is spread. A convergence time against it.
 */
export function verifyBound(ms: number, entries: number, verifyPerSec: number): Record<string, unknown> {
  const all = allCores(verifyPerSec);
  const limitMs = (entries / all.perSec) * 1000;
  const target: Target = { metric: 'value', op: '<=', value: 1.5 };
  return {
    value: round(ms / limitMs, 2),
    target,
    met: targetMet(target, ms / limitMs),
    limitMs: round(limitMs),
    what: `time to converge / (${entries} entries / (cores x raw single-thread verify rate, ${ed25519Implementation()}, same run))`,
    cores: all.cores,
    rawVerifyPerSec: verifyPerSec,
  };
}
