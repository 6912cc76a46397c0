import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/canonical';
import { parseScenarioText } from '../../../../shared/exercise';
import {
  computeMetrics,
  escapeHtml,
  percentile,
  reportHtml,
  reportMarkdown,
  scoreRubric,
  type JournalEntryView,
  type Report,
  type TimeBase,
} from '../../../../shared/report';
import type { ExerciseState } from '../../../../shared/state';

const MIN = 60_000;
const time: TimeBase = { exercise: true, at: (wall) => wall, point: (t) => `T+${t / MIN}m` };
let n = 0;
function entry(kind: string, author: string, at: number, body: Record<string, JsonValue>, applied = true): JournalEntryView {
  n += 1;
  return { id: n.toString(16).padStart(64, '0'), kind, author, wall: at, body, applied };
}

describe('metrics', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });

  it('follows the printed definitions', () => {
    const open = entry('incident.open', 'cmd', 2 * MIN, { title: 'x', severity: 2 });
    const inc = open.id;
    const req = entry('action.request', 'ops', 5 * MIN, { connector: 'github', operation: 'workflow_dispatch', summary: 's', incident: inc });
    const req2 = entry('action.request', 'ops', 6 * MIN, { connector: 'slack', operation: 'post_message', summary: 't', incident: inc });
    const entries = [
      entry('note.add', 'facilitator', 1 * MIN, { text: 'facilitators do not acknowledge' }),
      open,
      entry('task.create', 'cmd', 3 * MIN, { incident: inc, title: 'do it by hand' }),
      req,
      req2,
      entry('action.approve', 'lead', 7 * MIN, { action: req.id }),
      entry('action.attempt', 'ops', 7 * MIN, { action: req.id, attempt: 1 }),
      entry('action.result', 'ops', 7 * MIN, { action: req.id, attempt: 1, outcome: 'failed', final: true }),
      entry('action.approve', 'lead', 16 * MIN, { action: req2.id }),
      entry('incident.update', 'cmd', 20 * MIN, { incident: inc, status: 'monitoring' }),
      entry('incident.resolve', 'cmd', 30 * MIN, { incident: inc }),
    ];
    const m = computeMetrics({ entries, incident: inc, t0: 1 * MIN, isResponder: (a) => a !== 'facilitator' }, time);
    expect(m.acknowledge).toBe(1 * MIN);
    expect(m.mitigate).toBe(19 * MIN);
    expect(m.resolve).toBe(29 * MIN);
    expect(m.approvalLatencies).toEqual([2 * MIN, 10 * MIN]);
    expect([m.approvalP50, m.approvalP95]).toEqual([2 * MIN, 10 * MIN]);
    expect([m.dispatched, m.tasks, m.automatedShare]).toEqual([1, 1, 0.5]);
    expect(m.failedActions).toBe(1);
    expect(m.interventions).toBe(8);
  });
});

describe('rubric scoring', () => {
  const scenario = parseScenarioText(`version: 1
id: t
title: T
duration: 30m
briefing: b
participants: [{ id: cmd, name: C, roles: [commander] }, { id: ops, name: O, roles: [responder] }]
injects:
  - { id: boom, at: 5m, type: alert, title: Boom }
  - { id: never, at: 29m, type: alert, title: Never fired }
rubric:
  - { id: open, description: open, expect: { kind: incident.open }, after: boom, within: 5m, points: 10 }
  - { id: sev, description: sev, expect: { kind: incident.severity, atMost: 1 }, after: boom, within: 2m, points: 10 }
  - { id: note, description: note, expect: { kind: note.add, includes: ETA }, within: 30m, points: 5, by: ops }
  - { id: late-one, description: never, expect: { kind: incident.resolve }, after: never, within: 1m, points: 5 }
`);
  if (!scenario.ok) throw new Error(scenario.ok ? '' : scenario.reason);
  const exercise = {
    cast: { cmd: 'cmd-key', ops: 'ops-key' },
    fired: { boom: { at: 5 * MIN + 400 } },
  } as unknown as ExerciseState;

  it('met within the window, late after it, missed without a match, not triggered without its inject', () => {
    const entries = [
      entry('incident.open', 'cmd-key', 4 * MIN, { title: 'before the inject: does not count', severity: 1 }),
      entry('incident.open', 'cmd-key', 6 * MIN, { title: 'x', severity: 3 }),
      entry('incident.update', 'cmd-key', 8 * MIN, { severity: 1 }),
      entry('note.add', 'cmd-key', 9 * MIN, { text: 'ETA 10 min (by the wrong participant)' }),
      entry('note.add', 'ops-key', 9 * MIN, { text: 'no time estimate' }),
    ];
    const s = scoreRubric(scenario.scenario.rubric, { entries, exercise, isResponder: () => true, time });
    expect(s.results.map((r) => [r.id, r.outcome, r.earned])).toEqual([
      ['open', 'met', 10],
      ['sev', 'late', 0],
      ['note', 'missed', 0],
      ['late-one', 'not-triggered', 0],
    ]);
    expect([s.earned, s.possible]).toEqual([10, 30]);
  });
});

describe('rendering', () => {
  const report: Report = {
    kind: 'incident',
    title: 'Post-incident report: <script>alert(1)</script>',
    facts: [['Incident', 'a | b']],
    briefing: 'line 1\nline 2',
    participants: [{ id: '', name: 'Lena <Fischer>', roles: 'approver', teams: 'payments', member: '' }],
    metrics: [{ name: 'Time to resolve', value: '5m', definition: 'd' }],
    score: null,
    decisions: [{ when: '2026-01-01 09:00:00Z', who: 'Sam', what: 'note: pipes | and\nnewlines' }],
    timeline: [],
    notes: [],
    flags: ['Break-glass: "x" & y'],
  };

  it('Markdown tables survive pipes and newlines in journal text', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('| 2026-01-01 09:00:00Z | Sam | note: pipes \\| and newlines |');
    expect(md).toContain('- **Incident:** a \\| b');
    expect(md).toContain('## Timeline\n\n_None._');
  });

  it('HTML is self-contained and escaped', () => {
    const html = reportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Lena &lt;Fischer&gt;');
    expect(html).toContain('&quot;x&quot; &amp; y');
    expect(html).not.toMatch(/<link|src=|https?:\/\//);
    expect(escapeHtml(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });
});
