import type { WorkspaceState } from '../../../shared/state';
import { UsageError } from '../context';
import { resolveRef } from '../resolveRef';

// Argument resolution for `commandpost ics`: people by name or key, the
// incident by id or "the one open incident", times as ISO or "+90m".

/** A member key, a member's name (case-insensitive), or a key prefix of 6+ characters. */
export function resolveMember(state: Readonly<WorkspaceState>, text: string): string {
  const members = Object.values(state.members);
  if (members.some((m) => m.key === text)) return text;
  const byName = members.filter((m) => m.name.toLowerCase() === text.toLowerCase());
  if (byName.length === 1) return byName[0]!.key;
  if (byName.length > 1) throw new UsageError(`${byName.length} members are called ${JSON.stringify(text)}; give the key`);
  const byPrefix = text.length >= 6 ? members.filter((m) => m.key.startsWith(text)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!.key;
  const known = members
    .filter((m) => m.active)
    .map((m) => m.name)
    .join(', ');
  throw new UsageError(`no member ${JSON.stringify(text)} (members: ${known})`);
}

/** --incident ID, or the only open incident. */
export function resolveIncident(state: Readonly<WorkspaceState>, flag: string | undefined): string {
  if (flag !== undefined) return resolveRef('incident', flag, Object.keys(state.incidents));
  const open = Object.values(state.incidents).filter((i) => i.status !== 'resolved');
  if (open.length === 1) return open[0]!.id;
  if (open.length === 0) throw new UsageError('no open incident; pass --incident ID');
  throw new UsageError(`${open.length} incidents are open; pass --incident ID (${open.map((i) => `${i.id.slice(0, 8)} ${i.title}`).join('; ')})`);
}

/** An ISO 8601 time, or +N followed by m or h (from now). */
export function parseTime(text: string, now: number): number {
  const rel = /^\+(\d+(?:\.\d+)?)([mh])$/.exec(text);
  if (rel) return Math.round(now + Number(rel[1]) * (rel[2] === 'h' ? 3_600_000 : 60_000));
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms))
    throw new UsageError(`time ${JSON.stringify(text)}: expected ISO 8601 (2026-11-23T18:00Z) or +90m / +4h`);
  return ms;
}
