import type { JsonValue } from '../../shared/canonical';
import type { DispatchConfig } from './dispatchConfig';

// Whether a target drops a repeat of the same idempotency key, so that after
// a crash between "sent" and "result recorded" the dispatcher may send again
// and still act exactly once. Only then: otherwise the outcome is unknown and
// a human checks the target (docs/dispatch.md).
//
//  - PagerDuty Events v2: dedup_key (the action id) merges a repeat into the same alert.
//  - Opsgenie: alias (the action id) is its deduplication key; close is idempotent.
//  - Kubernetes: scale sets an absolute count; a rollout restart stamps the
//    request time (not the send time), so a repeat is the same patch.
//  - sandbox: records once per key.
//  - webhook: only receivers listed in dispatch.yaml (they honour Idempotency-Key).
//  - Slack, Jira, GitHub workflow_dispatch and local commands would act twice.

const ALWAYS = new Set(['pagerduty', 'opsgenie', 'kubernetes', 'sandbox']);

export type DedupRule = (connector: string, params: Readonly<Record<string, JsonValue>>) => boolean;

export function dedupRule(config: DispatchConfig): DedupRule {
  const origins = new Set((config.connectors.webhook?.deduplicatingOrigins ?? []).map((u) => new URL(u).origin));
  return (connector, params) => {
    if (ALWAYS.has(connector)) return true;
    if (connector !== 'webhook' || typeof params.url !== 'string') return false;
    try {
      return origins.has(new URL(params.url).origin);
    } catch {
      return false;
    }
  };
}
