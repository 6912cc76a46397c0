import type { Report, ReportRow } from './buildReport';
import { participantsTable } from './participantsTable';

// Markdown for handing out or pasting into a wiki. Table cells are escaped
// (pipes, newlines) so free text from the journal cannot break the layout.

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['_None._', ''];
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
}

const rows = (list: readonly ReportRow[]) => list.map((r) => [r.when, r.who, r.what]);

export function reportMarkdown(r: Report): string {
  const out: string[] = [`# ${r.title}`, ''];
  for (const [k, v] of r.facts) out.push(`- **${k}:** ${cell(v)}`);
  out.push('');
  if (r.briefing !== null) out.push(r.kind === 'exercise' ? '## Briefing' : '## Summary', '', r.briefing.trim(), '');
  out.push('## Participants', '');
  const participants = participantsTable(r);
  out.push(...table(participants.head, participants.rows));
  if (r.score !== null) {
    out.push(`## Rubric: ${r.score.earned} / ${r.score.possible} points`, '');
    out.push(
      ...table(
        ['Expectation', 'Window', 'Result', 'When', 'Who', 'Points'],
        r.score.rows.map((s) => [s.item, s.window, s.result, s.when, s.who, s.points]),
      ),
    );
  }
  out.push(
    '## Metrics',
    '',
    ...table(
      ['Metric', 'Value', 'Definition'],
      r.metrics.map((m) => [m.name, m.value, m.definition]),
    ),
  );
  out.push('## Decisions', '', ...table(['When', 'Who', 'Decision'], rows(r.decisions)));
  if (r.flags.length > 0) out.push('## Flags', '', ...r.flags.map((f) => `- ${cell(f)}`), '');
  if (r.kind === 'exercise') out.push('## Facilitator notes', '', ...table(['When', 'Who', 'Note'], rows(r.notes)));
  out.push('## Timeline', '', ...table(['When', 'Who', 'What'], rows(r.timeline)));
  return `${out.join('\n').trimEnd()}\n`;
}
