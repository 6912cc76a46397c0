import { type ActionPlan, periodLabel } from './actionPlan';
import { escapeHtml as h, names, shortId, utcMinute } from './markdownText';
import { OBJECTIVE_LABELS } from './situation';

// Printable, self-contained HTML of the action plan: inline CSS, no scripts,
// no external resources, every piece of journal text escaped (it was written
// by other members and must never become markup).

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.meta{color:#444}pre{white-space:pre-wrap;font:inherit}
@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}`;

function table(head: string[], rows: string[][]): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

export function actionPlanHtml(plan: ActionPlan): string {
  const title = `Incident action plan: ${plan.incident.title}`;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${h(title)}</h1>`,
    `<p class="meta">${h(periodLabel(plan.period))}<br>Incident ${h(shortId(plan.incident.id))}, severity ${plan.incident.severity}, status ` +
      `${h(plan.incident.status)}<br>Prepared by: ${h(names(plan.preparedBy))}</p>`,
    '<h2>ICS 202 Incident objectives</h2>',
    plan.objectives.length === 0
      ? '<p>No objectives set for this period.</p>'
      : table(
          ['#', 'Objective', 'Owner', 'Status'],
          plan.objectives.map((o, n) => [String(n + 1), o.text, o.owner?.name ?? 'none', OBJECTIVE_LABELS[o.status]]),
        ),
    '<h2>ICS 203 Organisation assignment list</h2>',
    table(
      ['Position', 'Assigned'],
      plan.organisation.map((r) => [r.title, names(r.people)]),
    ),
    '<h2>ICS 204 Assignments</h2>',
    plan.assignments.length === 0 ? '<p>No tasks for this period.</p>' : '',
    ...plan.assignments.map(
      (g) =>
        `<h3>${h(g.name)}</h3>\n${table(
          ['Task', 'Assignee', 'Status', 'Due'],
          g.items.map((t) => [t.title, t.assignee, t.status, t.due === null ? '' : utcMinute(t.due)]),
        )}`,
    ),
    '<h2>ICS 205 Communications plan</h2>',
    plan.period === null || plan.period.commsPlan.trim() === ''
      ? '<p>No communications plan recorded for this period.</p>'
      : `<pre>${h(plan.period.commsPlan.trim())}</pre>`,
    '</body></html>',
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
