import { InjectPayloadSchema, type InjectPayload } from '../../shared/exercise';
import { parseDuration } from '../../shared/approvals';

// An ad-hoc inject from command-line flags, checked by the same schema the
// journal uses, so a typo is caught before anything is written.

export interface AdhocFlags {
  kind?: string | undefined;
  title?: string | undefined;
  text?: string | undefined;
  service?: string | undefined;
  status?: string | undefined;
  source?: string | undefined;
  severity?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  channel?: string | undefined;
  cut?: string | undefined;
  duration?: string | undefined;
  connector?: string | undefined;
  mode?: string | undefined;
  reason?: string | undefined;
}

export class AdhocInjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdhocInjectError';
  }
}

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function duration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null) throw new AdhocInjectError(`--duration: expected a duration such as 5m, got ${JSON.stringify(text)}`);
  return ms;
}

export function adhocPayload(f: AdhocFlags): InjectPayload {
  const type = f.kind === 'connector-failure' ? 'connectorFailure' : f.kind;
  const fields: Readonly<Record<string, Record<string, unknown>>> = {
    status: { service: f.service, status: f.status, reason: f.reason ?? f.text },
    alert: { title: f.title, text: f.text, service: f.service, source: f.source, severity: f.severity },
    message: { from: f.from, to: f.to, channel: f.channel, text: f.text },
    partition: { cut: list(f.cut), from: list(f.from), duration: duration(f.duration), description: f.text },
    connectorFailure: { connector: f.connector, mode: f.mode, duration: duration(f.duration), message: f.text },
  };
  const raw = type !== undefined && Object.hasOwn(fields, type) ? fields[type] : {};
  // Flags not given stay out, so the schema's defaults apply.
  const body = Object.fromEntries(Object.entries({ type, ...raw }).filter(([, v]) => v !== undefined));
  const parsed = InjectPayloadSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  throw new AdhocInjectError(
    `ad-hoc inject${path ? ` (${path})` : ''}: ` +
      `${issue === undefined ? 'invalid' : issue.message}${type === undefined ? '; give --kind status|alert|message|partition|connector-failure' : ''}`,
  );
}
