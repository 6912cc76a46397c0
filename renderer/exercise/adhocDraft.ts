import { InjectPayloadSchema, type InjectPayload, type InjectType } from '../../shared/exercise';

// The ad-hoc inject form's fields, and the payload they make: checked with
// the journal's own schema, so a mistake is named before anything is sent.

export interface AdhocDraft {
  type: InjectType;
  /** Alert title. */
  title: string;
  /** Alert text, message text, status reason or failure message. */
  text: string;
  service: string;
  status: 'healthy' | 'degraded' | 'down' | 'unknown';
  severity: 'info' | 'warning' | 'critical';
  source: string;
  /** Who a message is from ("VP Commerce"). */
  from: string;
  /** Participant a message is for; '' for everyone. */
  to: string;
  channel: string;
  /** Participants cut off, and from whom ([]: everyone else). */
  cut: string[];
  cutFrom: string[];
  minutes: string;
  connector: string;
  mode: 'error' | 'timeout' | 'unavailable';
}

export const EMPTY_ADHOC: AdhocDraft = {
  type: 'message',
  title: '',
  text: '',
  service: '',
  status: 'degraded',
  severity: 'warning',
  source: 'monitoring',
  from: '',
  to: '',
  channel: '',
  cut: [],
  cutFrom: [],
  minutes: '5',
  connector: '',
  mode: 'error',
};

function raw(d: AdhocDraft): Record<string, unknown> {
  const duration = Math.round(Number(d.minutes) * 60_000);
  switch (d.type) {
    case 'status':
      return { type: 'status', service: d.service, status: d.status, reason: d.text };
    case 'alert':
      return { type: 'alert', source: d.source, severity: d.severity, title: d.title, service: d.service === '' ? null : d.service, text: d.text };
    case 'message':
      return { type: 'message', from: d.from, to: d.to === '' ? null : d.to, channel: d.channel, text: d.text };
    case 'partition':
      return { type: 'partition', cut: d.cut, from: d.cutFrom, duration, description: d.text };
    case 'connectorFailure':
      return { type: 'connectorFailure', connector: d.connector, mode: d.mode, duration, message: d.text };
  }
}

/** The payload, or what is wrong with the draft ("title: Too small …"). */
export function adhocPayload(d: AdhocDraft): { ok: true; payload: InjectPayload } | { ok: false; reason: string } {
  const parsed = InjectPayloadSchema.safeParse(raw(d));
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue !== undefined && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'invalid inject'}` };
}
