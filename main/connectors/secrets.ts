import type { SecretStore } from '../identity';
import { failure, type ConnectorResult, type FailedResult } from './connector';

// Connectors name their secrets; values come from the SecretStore at the
// moment of sending and are scrubbed out of anything that leaves execute()
// (vendors sometimes echo a token back in an error).

export interface SecretSource {
  get(name: string): Promise<string | null>;
}

/** Account under which a connector secret is filed in the SecretStore. */
export const secretAccount = (name: string): string => `connector:${name}`;

export function secretsFromStore(store: SecretStore): SecretSource {
  return { get: (name) => store.get(secretAccount(name)) };
}

/** In-memory secrets (tests, exercises). */
export function staticSecrets(values: Readonly<Record<string, string>>): SecretSource {
  return { get: async (name) => (Object.hasOwn(values, name) ? (values[name] ?? null) : null) };
}

/** Why an action waits for a secret, with the command that fixes it (the outbox, `action list`, the console). */
export const needsSecret = (name: string): string => `needs secret ${name} (commandpost connector secret set ${name})`;

/** The first of the named secrets the source does not hold, or null when all are there. */
export async function firstMissingSecret(source: SecretSource, names: readonly string[]): Promise<string | null> {
  for (const name of names) {
    const value = await source.get(name);
    if (value === null || value === '') return name;
  }
  return null;
}

/** What a preview shows where a secret goes. */
export const maskOf = (name: string): string => `<secret:${name}>`;

export type SecretLoad = { ok: true; values: Record<string, string> } | FailedResult;

/** The values of the named secrets, or a config failure naming the missing one (never its value). */
export async function loadSecrets(source: SecretSource, names: readonly string[]): Promise<SecretLoad> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = await source.get(name);
    if (value === null || value === '') {
      return failure('config', `${needsSecret(name)}: it is not in the secret store (account ${secretAccount(name)})`, { missingSecret: name });
    }
    values[name] = value;
  }
  return { ok: true, values };
}

/** Replace every occurrence of any secret (and of derived forms the caller adds) with a mask. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((v) => v.length > 0).sort((a, b) => b.length - a.length)) out = out.split(s).join('<redacted>');
  return out;
}

/** Deep-scrub every string in a result. */
export function scrubResult(result: ConnectorResult, secrets: readonly string[]): ConnectorResult {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(result) as ConnectorResult;
}
