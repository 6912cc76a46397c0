import type { Report } from './buildReport';

/** The participants table of a report, the same in Markdown and HTML: an exercise lists who played which role. */
export function participantsTable(r: Report): { head: string[]; rows: string[][] } {
  return r.kind === 'exercise'
    ? { head: ['Role', 'Name', 'Command Post roles', 'Teams', 'Played by'], rows: r.participants.map((p) => [p.id, p.name, p.roles, p.teams, p.member]) }
    : { head: ['Name', 'Roles', 'Teams'], rows: r.participants.map((p) => [p.name, p.roles, p.teams]) };
}
