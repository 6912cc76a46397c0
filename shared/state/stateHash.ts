import { canonicalJson } from '../canonical';
import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import type { WorkspaceState } from './state';

/** SHA-256 over the canonical JSON of the projection: equal on peers holding equal entry sets. */
export function stateHash(hasher: Hasher, state: Readonly<WorkspaceState>): string {
  return toHex(hasher.sha256(utf8(canonicalJson(state))));
}
