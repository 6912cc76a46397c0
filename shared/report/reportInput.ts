import type { JsonValue } from '../canonical';
import { simOffsetAt } from '../exercise/simClock';
import type { Scenario } from '../exercise/scenarioSchema';
import { own, type WorkspaceState } from '../state/state';

// What the report generator reads: the journal in total order, the final
// projection, and for an exercise the scenario. Entry bodies are read
// defensively by kind name and field (kinds written by other modules may
// gain fields), never trusted to have a shape the fold did not check.

export interface JournalEntryView {
  readonly id: string;
  readonly kind: string;
  readonly author: string;
  /** HLC wall time of the entry. */
  readonly wall: number;
  /** null when redacted. */
  readonly body: JsonValue | null;
  /** false when the fold rejected it (state.rejected). */
  readonly applied: boolean;
}

export interface ReportInput {
  readonly entries: readonly JournalEntryView[];
  readonly state: Readonly<WorkspaceState>;
  /** The exercise's scenario (parsed from exercise.start); null for a real incident. */
  readonly scenario: Scenario | null;
  /** For a real incident: its id. For an exercise: null (the first incident opened during it is the primary one). */
  readonly incident: string | null;
}

type Body = { readonly [key: string]: JsonValue } | null;

export function bodyOf(e: JournalEntryView): Body {
  const b = e.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as { [key: string]: JsonValue }) : null;
}

export function str(e: JournalEntryView, field: string): string | null {
  const v = bodyOf(e)?.[field];
  return typeof v === 'string' ? v : null;
}

export function num(e: JournalEntryView, field: string): number | null {
  const v = bodyOf(e)?.[field];
  return typeof v === 'number' ? v : null;
}

export function obj(e: JournalEntryView, field: string): Body {
  const v = bodyOf(e)?.[field];
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as { [key: string]: JsonValue }) : null;
}

/**
 * How the report tells time. Exercises speak scenario time ("T+05:00"),
 * floored to whole seconds so a report depends only on the simulated clock
 * and never on how fast the machine ran it; real incidents speak UTC.
 */
export interface TimeBase {
  readonly exercise: boolean;
  /** A comparable time for an entry's wall time (scenario ms for exercises, epoch ms otherwise). */
  at(wall: number): number;
  /** A point in time as the report prints it. */
  point(t: number): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatOffset(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  return `T+${h > 0 ? `${h}:` : ''}${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', rest > 0 ? `${rest}s` : ''].filter(Boolean).join(' ');
}

export function timeBaseOf(state: Readonly<WorkspaceState>): TimeBase {
  const ex = state.exercise;
  if (ex !== undefined) {
    return { exercise: true, at: (wall) => Math.floor(simOffsetAt(ex.segments, wall) / 1000) * 1000, point: formatOffset };
  }
  return { exercise: false, at: (wall) => wall, point: (t) => `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}Z` };
}

/** The facilitators: their entries drive the exercise and are not the team's response. */
export function facilitatorsOf(state: Readonly<WorkspaceState>): Set<string> {
  const out = new Set(
    Object.values(state.members)
      .filter((m) => m.roles.includes('facilitator'))
      .map((m) => m.key),
  );
  if (state.exercise !== undefined) out.add(state.exercise.startedBy);
  return out;
}

/** "Name (participant)" for exercises, "Name" otherwise. */
export function whoOf(state: Readonly<WorkspaceState>, key: string): string {
  const name = own(state.members, key)?.name ?? `${key.slice(0, 8)}…`;
  const ex = state.exercise;
  if (ex === undefined) return name;
  const part = Object.entries(ex.cast).find(([, member]) => member === key)?.[0];
  if (part !== undefined) return `${name} (${part})`;
  return facilitatorsOf(state).has(key) ? `${name} (facilitator)` : name;
}
