import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../catalog';
import { DEFAULT_RETRY, type ConnectorsConfig, type RetryPolicy } from '../connectors';

// This device's dispatch configuration (`<workspace>/dispatch.yaml`, or
// --config FILE): where the connectors point, which secrets they use (by
// name; values live in the SecretStore), which webhook receivers drop
// repeats by Idempotency-Key, and the retry limits. Device-local, never
// journaled: another peer's endpoints and credentials are its own business.

export const DISPATCH_CONFIG_FILE = 'dispatch.yaml';

const Url = z.url({ protocol: /^https?$/ });
const Name = z.string().min(1).max(100);
const Ms = z
  .number()
  .int()
  .min(0)
  .max(24 * 3_600_000);

const AllowedCommand = z.strictObject({
  argv: z.array(z.string().min(1)).min(1),
  extraArgs: z.strictObject({ pattern: z.string().min(1), max: z.number().int().min(0).max(50) }).optional(),
  timeoutMs: Ms.optional(),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const DispatchConfigSchema = z.strictObject({
  connectors: z
    .strictObject({
      webhook: z
        .strictObject({
          /** Origins (scheme://host:port) whose receivers drop a repeated Idempotency-Key: safe to re-send after a crash. */
          deduplicatingOrigins: z.array(Url).max(100).default([]),
        })
        .optional(),
      slack: z.strictObject({ baseUrl: Url.optional(), tokenSecret: Name.optional() }).optional(),
      teams: z.strictObject({ graphBaseUrl: Url.optional(), tokenSecret: Name.optional() }).optional(),
      pagerduty: z.strictObject({ baseUrl: Url.optional(), routingKeySecret: Name.optional() }).optional(),
      opsgenie: z.strictObject({ baseUrl: Url.optional(), apiKeySecret: Name.optional() }).optional(),
      jira: z.strictObject({ baseUrl: Url, credentialSecret: Name.optional() }).optional(),
      github: z.strictObject({ baseUrl: Url.optional(), tokenSecret: Name.optional() }).optional(),
      kubernetes: z
        .strictObject({ kubeconfig: z.union([z.strictObject({ file: z.string().min(1) }), z.strictObject({ secret: Name })]), context: z.string().optional() })
        .optional(),
      command: z.strictObject({ allowlist: z.record(z.string(), AllowedCommand) }).optional(),
    })
    .default({}),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(DEFAULT_RETRY.maxAttempts),
      baseDelayMs: Ms.default(DEFAULT_RETRY.baseDelayMs),
      maxDelayMs: Ms.default(DEFAULT_RETRY.maxDelayMs),
      maxRetryAfterMs: Ms.default(DEFAULT_RETRY.maxRetryAfterMs),
    })
    .default(DEFAULT_RETRY),
  /** Per-request timeout. */
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
});

export type DispatchConfig = z.output<typeof DispatchConfigSchema>;

export interface LoadedDispatchConfig {
  config: DispatchConfig;
  connectors: ConnectorsConfig;
  retry: RetryPolicy;
  /** The file read, or null for the defaults. */
  file: string | null;
}

export function resolveDispatchConfig(config: DispatchConfig, file: string | null = null): LoadedDispatchConfig {
  const { webhook: _webhook, ...connectors } = config.connectors;
  return { config, connectors, retry: config.retry, file };
}

/** Read FILE, or `<workspace>/dispatch.yaml` when present, else defaults. Errors carry file:line. */
export function loadDispatchConfig(workspaceDir: string, file?: string): LoadedDispatchConfig {
  const path = file ?? join(workspaceDir, DISPATCH_CONFIG_FILE);
  if (file === undefined && !existsSync(path)) return resolveDispatchConfig(DispatchConfigSchema.parse({}));
  return resolveDispatchConfig(readYamlFile(path, DispatchConfigSchema), path);
}
