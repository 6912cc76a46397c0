import { InjectPayloadSchema, describeInject } from '../../shared/exercise';

// Exercise entries on the journal timeline, in words: an inject as the team
// received it ("orders-db is down: …"), a clock change, the end. Null for
// other kinds (the timeline's generic summary does those).

export function exerciseEntrySummary(kind: string, body: Record<string, unknown>): string | null {
  switch (kind) {
    case 'exercise.inject': {
      const payload = InjectPayloadSchema.safeParse(body.payload);
      const id = typeof body.inject === 'string' ? body.inject : '?';
      return payload.success ? `${body.source === 'adhoc' ? 'ad-hoc ' : ''}inject ${id}: ${describeInject(payload.data)}` : `inject ${id}`;
    }
    case 'exercise.clock':
      return body.action === 'speed' ? `speed ${String(body.speed)}×` : `clock ${String(body.action)}`;
    case 'exercise.start':
      return 'exercise started';
    case 'exercise.end':
      return `exercise ended${typeof body.reason === 'string' && body.reason !== '' ? `: ${body.reason}` : ''}`;
    case 'exercise.cast':
      return `${String(body.participant)} cast`;
    default:
      return null;
  }
}
