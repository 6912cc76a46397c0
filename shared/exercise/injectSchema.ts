import { z } from 'zod';

// What an inject does, as data. The same shapes appear in a scenario file
// (durations written "6m") and in the exercise.inject journal entry (durations
// in ms), so the journal is self-describing: a participant's console shows a
// fired inject without having the scenario file.

const Slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case slug (a-z, 0-9, ".", "_", "-")');
export const ParticipantId = Slug;
export const InjectId = Slug;
const Text = z.string().max(4000).default('');
const Title = z.string().trim().min(1).max(200);

export const INJECT_TYPES = ['status', 'alert', 'message', 'partition', 'connectorFailure'] as const;
export type InjectType = (typeof INJECT_TYPES)[number];

/** The inject shapes, with durations parsed by `duration` (text in files, ms in the journal). */
export function injectPayloadSchemas<D extends z.ZodType<number, unknown>>(duration: D) {
  return [
    z.strictObject({
      type: z.literal('status'),
      service: Slug,
      status: z.enum(['healthy', 'degraded', 'down', 'unknown']),
      reason: Text,
    }),
    z.strictObject({
      type: z.literal('alert'),
      source: z.string().trim().min(1).max(100).default('monitoring'),
      severity: z.enum(['info', 'warning', 'critical']).default('warning'),
      title: Title,
      service: Slug.nullable().default(null),
      text: Text,
    }),
    z.strictObject({
      type: z.literal('message'),
      from: Title,
      /** A participant id; null: everyone. */
      to: ParticipantId.nullable().default(null),
      channel: z.string().max(100).default(''),
      text: z.string().trim().min(1).max(4000),
    }),
    z.strictObject({
      type: z.literal('partition'),
      /** Participants cut off... */
      cut: z.array(ParticipantId).min(1).max(50),
      /** ...from these (empty: from everyone else). The sync layer enforces it; the journal records it. */
      from: z.array(ParticipantId).max(50).default([]),
      duration,
      description: Text,
    }),
    z.strictObject({
      type: z.literal('connectorFailure'),
      connector: Slug,
      mode: z.enum(['error', 'timeout', 'unavailable']).default('error'),
      duration,
      message: Text,
    }),
  ] as const;
}

/** Up to a day, in ms: the journal form. */
export const DurationMs = z.number().int().min(0).max(86_400_000);

export const InjectPayloadSchema = z.discriminatedUnion('type', injectPayloadSchemas(DurationMs));
export type InjectPayload = z.output<typeof InjectPayloadSchema>;

/** One line for timelines and the console ("orders-db is down: replica lag"). */
export function describeInject(p: InjectPayload): string {
  const mins = (ms: number) => `${Math.round(ms / 60_000)} min`;
  switch (p.type) {
    case 'status':
      return `${p.service} is ${p.status}${p.reason ? `: ${p.reason}` : ''}`;
    case 'alert':
      return `${p.severity.toUpperCase()} alert from ${p.source}: ${p.title}${p.service ? ` (${p.service})` : ''}`;
    case 'message':
      return `message from ${p.from}${p.to ? ` to ${p.to}` : ''}${p.channel ? ` via ${p.channel}` : ''}: "${p.text}"`;
    case 'partition':
      return (
        `network partition: ${p.cut.join(', ')} cut off from ${p.from.length > 0 ? p.from.join(', ') : 'everyone else'} for ` +
        `${mins(p.duration)}${p.description ? ` (${p.description})` : ''}`
      );
    case 'connectorFailure':
      return `connector ${p.connector} fails (${p.mode}) for ${mins(p.duration)}${p.message ? `: ${p.message}` : ''}`;
  }
}
