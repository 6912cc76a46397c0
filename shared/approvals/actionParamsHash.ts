import { canonicalJson, type JsonValue } from '../canonical';
import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';

// The hash an approval signs (issue 8): everything that decides what an
// action does and everything its approver was shown. Canonical JSON makes it
// the same bytes on every peer whatever key order the params arrived in.

export interface ActionVersion {
  connector: string;
  operation: string;
  environment: string;
  target: string;
  params: Record<string, JsonValue>;
  preview: string;
}

/** Lower-case hex SHA-256 of the canonical JSON of the action's exact version. */
export function actionParamsHash(hasher: Hasher, v: ActionVersion): string {
  const version = { connector: v.connector, operation: v.operation, environment: v.environment, target: v.target, params: v.params, preview: v.preview };
  return toHex(hasher.sha256(utf8(canonicalJson(version))));
}
