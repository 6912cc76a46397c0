import { z } from 'zod';
import type { JsonValue } from '../../shared/canonical';
import { parseParams, success, type Connector, type ConnectorPreview } from './connector';

// Exercises force every connector to the sandbox: the real connector still
// validates and previews (so a drill shows exactly what would have been
// sent), but execute() only records. Nothing leaves the machine.

export interface SandboxRecord {
  connector: string;
  params: JsonValue;
  idempotencyKey: string;
  at: number;
  preview: ConnectorPreview;
}

export class SandboxRecorder {
  readonly records: SandboxRecord[] = [];
}

/** Wrap a connector so that execute() records instead of sending. */
export function sandboxed<P extends { operation: string }>(real: Connector<P>, recorder: SandboxRecorder): Connector<P> {
  return {
    id: real.id,
    operations: real.operations,
    params: real.params,
    validate: (params) => real.validate(params),
    preview: (p) => {
      const preview = real.preview(p);
      return { ...preview, text: `[sandbox: recorded, not sent] ${preview.text}` };
    },
    async execute(p, ctx) {
      // A retried action is recorded once, as a real vendor would deduplicate it.
      if (!recorder.records.some((r) => r.connector === real.id && r.idempotencyKey === ctx.idempotencyKey)) {
        recorder.records.push({
          connector: real.id,
          params: p as unknown as JsonValue,
          idempotencyKey: ctx.idempotencyKey,
          at: ctx.clock.now(),
          preview: real.preview(p),
        });
      }
      return success(`sandbox recorded ${real.id} ${p.operation}`, { data: { recorded: true } });
    },
  };
}

export const SandboxParams = z.object({ operation: z.string().min(1).max(100) }).catchall(z.json());
export type SandboxParams = z.output<typeof SandboxParams>;

/** The "sandbox" connector itself: records any operation with any parameters. */
export function sandboxConnector(recorder: SandboxRecorder): Connector<SandboxParams> {
  return {
    id: 'sandbox',
    operations: ['*'],
    params: SandboxParams,
    validate: (params) => parseParams('sandbox', SandboxParams, params),
    preview: (p) => ({ text: `[sandbox] record ${p.operation} ${JSON.stringify(p)}`, request: null }),
    async execute(p, ctx) {
      if (!recorder.records.some((r) => r.connector === 'sandbox' && r.idempotencyKey === ctx.idempotencyKey)) {
        recorder.records.push({
          connector: 'sandbox',
          params: p as JsonValue,
          idempotencyKey: ctx.idempotencyKey,
          at: ctx.clock.now(),
          preview: { text: `record ${p.operation}`, request: null },
        });
      }
      return success(`sandbox recorded ${p.operation}`, { data: { recorded: true } });
    },
  };
}
