import { parseDocument } from 'yaml';
import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import { PolicySchema, type PolicyDocument } from './policySchema';

// The text of a policy is what is published and hashed: reviewers read text,
// and the hash of those exact bytes names the version every decision cites.
// The YAML options here must match main/catalog/yamlFile.ts (which the CLI
// uses for line-numbered errors) so that a file `policy check` accepts is a
// file every peer's fold accepts.

export type PolicyParse = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

/** Parse policy text without file or line context (the fold's view; the CLI reports lines). */
export function parsePolicyText(text: string): PolicyParse {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) return { ok: false, reason: `invalid YAML: ${syntax.message.split('\n')[0] ?? ''}` };
  const parsed = PolicySchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return { ok: true, document: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'does not match the policy schema'}` };
}

/** SHA-256 (hex) of the policy text's UTF-8 bytes: the policy version's name. */
export function policyHash(hasher: Hasher, text: string): string {
  return toHex(hasher.sha256(utf8(text)));
}

/** A policy version as evaluation needs it: its hash and its parsed rules. */
export interface PolicyVersionRef {
  readonly hash: string;
  readonly document: PolicyDocument;
}
