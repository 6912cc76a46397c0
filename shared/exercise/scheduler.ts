import type { ExerciseState } from '../state/exerciseState';

// Which injects are due. Pure and derived from the journal: an inject is due
// when scenario time has reached its (jittered) offset and no exercise.inject
// entry for it exists yet. A restarted facilitator, or two of them, therefore
// compute the same list, and the fold refuses a second entry for the same
// inject, so each fires exactly once.

/** FNV-1a, 32 bit: a tiny deterministic hash so jitter depends only on (seed, inject id). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The offset at which an inject fires: `at` plus a seeded share of its jitter, rounded to whole seconds. */
export function injectDueAt(seed: string, inject: { id: string; at: number; jitter: number }): number {
  if (inject.jitter <= 0) return inject.at;
  const share = fnv1a(`${seed}\u0000${inject.id}`) / 0x1_0000_0000;
  return inject.at + Math.floor((share * inject.jitter) / 1000) * 1000;
}

/** Scheduled injects not yet fired whose time has come, earliest first (ties: id order). */
export function dueInjects(exercise: Readonly<ExerciseState>, offset: number): string[] {
  if (exercise.status === 'ended') return [];
  return Object.entries(exercise.schedule)
    .filter(([id, due]) => due <= offset && !Object.hasOwn(exercise.fired, id))
    .sort(([a, da], [b, db]) => da - db || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
}

/** The next scenario offset at which an inject falls due, or null if none is left. */
export function nextDueAt(exercise: Readonly<ExerciseState>): number | null {
  if (exercise.status === 'ended') return null;
  let next: number | null = null;
  for (const [id, due] of Object.entries(exercise.schedule)) {
    if (!Object.hasOwn(exercise.fired, id) && (next === null || due < next)) next = due;
  }
  return next;
}

/** Partitions in force at a scenario offset, as participant ids ([] `from`: everyone else). */
export function activePartitions(exercise: Readonly<ExerciseState>, offset: number): { inject: string; cut: string[]; from: string[] }[] {
  return exercise.disruptions.flatMap((d) =>
    d.payload.type === 'partition' && d.from <= offset && offset < d.until ? [{ inject: d.inject, cut: d.payload.cut, from: d.payload.from }] : [],
  );
}

/**
 * The partitions in force at a scenario offset that separate two members,
 * with the offset each one heals at. Members not cast as participants (the
 * facilitator, observers) are never cut off.
 */
export function partitionsBetween(exercise: Readonly<ExerciseState>, a: string, b: string, offset: number): { inject: string; until: number }[] {
  const roleOf = new Map(Object.entries(exercise.cast).map(([participant, member]) => [member, participant] as const));
  const pa = roleOf.get(a);
  const pb = roleOf.get(b);
  if (pa === undefined || pb === undefined) return [];
  return exercise.disruptions.flatMap((d) => {
    const p = d.payload;
    if (p.type !== 'partition' || offset < d.from || offset >= d.until) return [];
    const cutA = p.cut.includes(pa);
    const cutB = p.cut.includes(pb);
    if (cutA === cutB) return [];
    const other = cutA ? pb : pa;
    return p.from.length === 0 || p.from.includes(other) ? [{ inject: d.inject, until: d.until }] : [];
  });
}

/** Whether two members may talk at a scenario offset (what the sync layer enforces in an exercise workspace). */
export function canCommunicate(exercise: Readonly<ExerciseState>, a: string, b: string, offset: number): boolean {
  return partitionsBetween(exercise, a, b, offset).length === 0;
}

/**
 * Whether device `me` may pass entries written by `author` to device `peer`
 * at a scenario offset. The link itself must be up (me and peer may talk),
 * and so must the author's path to the peer: every relay applies the same
 * rule, so no third device (the facilitator's relay host included) can
 * bridge a partition. An ended exercise partitions nobody.
 */
export function mayRelay(exercise: Readonly<ExerciseState>, offset: number, me: string, peer: string, author: string): boolean {
  if (exercise.status === 'ended') return true;
  return canCommunicate(exercise, me, peer, offset) && canCommunicate(exercise, author, peer, offset);
}

/** Connector failures in force at a scenario offset, by connector id. */
export function failingConnectors(exercise: Readonly<ExerciseState>, offset: number): Map<string, { mode: string; message: string }> {
  const out = new Map<string, { mode: string; message: string }>();
  for (const d of exercise.disruptions) {
    if (d.payload.type === 'connectorFailure' && d.from <= offset && offset < d.until)
      out.set(d.payload.connector, { mode: d.payload.mode, message: d.payload.message });
  }
  return out;
}
