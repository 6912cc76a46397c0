import { own, type WorkspaceState } from '../state/state';

// Formatting shared by the ICS documents. Everything here is a pure function of
// its input (no clock, no locale) so a document generated from the same state
// is the same text, byte for byte, wherever it is generated: the briefing's
// hash depends on it.

export interface Person {
  key: string;
  name: string;
}

export function person(state: Readonly<WorkspaceState>, key: string): Person {
  return { key, name: own(state.members, key)?.name ?? `${key.slice(0, 8)}…` };
}

/** A UTC minute, e.g. 2026-11-23 09:12Z: locale-free, so hashes agree across machines. */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Free text on one line: line breaks and runs of blanks become one space. */
export function mdInline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Free text inside a Markdown table cell. */
export function mdCell(text: string): string {
  return mdInline(text).replace(/\|/g, '\\|') || '—';
}

export function names(people: readonly Person[]): string {
  return people.length === 0 ? '(vacant)' : people.map((p) => p.name).join(', ');
}

export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

/** Join document lines: LF only, no trailing blanks, exactly one final newline (the canonical form that is hashed). */
export function joinLines(lines: readonly string[]): string {
  return `${lines
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
