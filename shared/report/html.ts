import type { Report, ReportRow } from './buildReport';
import { participantsTable } from './participantsTable';

// A printable, self-contained HTML page: no scripts, no external styles or
// fonts, every piece of journal text escaped, so it can be mailed around and
// opened anywhere (and printed to PDF from a browser).

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.met{color:#1a7f37}.late{color:#9a6700}.missed,.not-triggered{color:#cf222e}.flag{color:#cf222e}pre{white-space:pre-wrap;font:inherit}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}`;

function table(head: string[], rows: string[][], classes: (string | null)[] = []): string {
  if (rows.length === 0) return '<p><em>None.</em></p>';
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r, i) => {
      const cls = classes[i];
      return `<tr${cls ? ` class="${escapeHtml(cls)}"` : ''}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const rows = (list: readonly ReportRow[]) => list.map((r) => [r.when, r.who, r.what]);

export function reportHtml(r: Report): string {
  const parts: string[] = [`<h1>${escapeHtml(r.title)}</h1>`];
  parts.push(`<dl>${r.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);
  if (r.briefing !== null) parts.push(`<h2>${r.kind === 'exercise' ? 'Briefing' : 'Summary'}</h2><pre>${escapeHtml(r.briefing.trim())}</pre>`);
  parts.push('<h2>Participants</h2>');
  const participants = participantsTable(r);
  parts.push(table(participants.head, participants.rows));
  if (r.score !== null) {
    parts.push(`<h2>Rubric: ${r.score.earned} / ${r.score.possible} points</h2>`);
    parts.push(
      table(
        ['Expectation', 'Window', 'Result', 'When', 'Who', 'Points'],
        r.score.rows.map((s) => [s.item, s.window, s.result, s.when, s.who, s.points]),
        r.score.results.map((s) => s.outcome),
      ),
    );
  }
  parts.push(
    '<h2>Metrics</h2>',
    table(
      ['Metric', 'Value', 'Definition'],
      r.metrics.map((m) => [m.name, m.value, m.definition]),
    ),
  );
  parts.push('<h2>Decisions</h2>', table(['When', 'Who', 'Decision'], rows(r.decisions)));
  if (r.flags.length > 0) parts.push('<h2>Flags</h2>', `<ul>${r.flags.map((f) => `<li class="flag">${escapeHtml(f)}</li>`).join('')}</ul>`);
  if (r.kind === 'exercise') parts.push('<h2>Facilitator notes</h2>', table(['When', 'Who', 'Note'], rows(r.notes)));
  parts.push('<h2>Timeline</h2>', table(['When', 'Who', 'What'], rows(r.timeline)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
