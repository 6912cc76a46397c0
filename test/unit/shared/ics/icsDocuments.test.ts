import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../../shared/state';
import {
  actionPlanHtml,
  actionPlanMarkdown,
  actionPlanOf,
  activityLog,
  activityLogMarkdown,
  briefingMarkdown,
  briefingOf,
  generateBriefing,
  orgChart,
  orgChartMarkdown,
  statusSummaryMarkdown,
  statusSummaryOf,
} from '../../../../shared/ics';
import { hasher } from '../state/journalBuilder';
import { IcsWorld } from './icsFixture';

const HOUR = 3_600_000;

function planned() {
  const w = new IcsWorld();
  const t0 = w.state.incidents[w.incident]!.openedAt;
  w.write('bob', 'ics.assign', { incident: w.incident, role: 'operations', member: w.key('dave') });
  w.write('bob', 'ics.assign', { incident: w.incident, role: 'scribe', member: w.key('erin') });
  w.write('bob', 'ics.periodStart', { incident: w.incident, start: t0, end: t0 + 2 * HOUR });
  w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Restore <script>alert(1)</script> card payments', owner: w.key('dave') });
  w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Keep customers informed' });
  w.write('bob', 'ics.commsPlan', { incident: w.incident, text: 'Bridge: #inc-payments\nStatus page every 30 min' });
  const task = w.write('dave', 'task.create', { incident: w.incident, title: 'Fail over to the secondary acquirer', assignee: { team: 'payments' } }).entry.id;
  w.write('dave', 'task.status', { task, status: 'in_progress' });
  const blocked = w.write('dave', 'task.create', { incident: w.incident, title: 'Update the status page', assignee: { member: w.key('dave') } }).entry.id;
  w.write('dave', 'task.status', { task: blocked, status: 'blocked' });
  w.write('dave', 'task.create', { incident: w.incident, title: 'Unowned follow-up' });
  return w;
}

/** A pending action as the approvals slice (owned elsewhere) would hold it. */
function pendingAction(incident: string, requester: string): ActionRecord {
  return {
    id: 'a'.repeat(64),
    incident,
    connector: 'kubernetes',
    operation: 'scale',
    environment: 'production',
    risk: 'high',
    target: 'payments-api',
    summary: 'Scale payments-api to 12 replicas',
    requester,
    executor: requester,
    requestedAt: 1,
    policy: 'p',
    paramsHash: 'b'.repeat(64),
    status: 'pending',
    verdicts: [],
    overrides: [],
    attempts: [],
    result: null,
    updatedAt: 1,
  } as ActionRecord;
}

describe('ICS 201 briefing', () => {
  it('covers situation, blast radius, objectives, actions and approvals, roles', () => {
    const w = planned();
    const md = briefingMarkdown(briefingOf({ ...w.state, actions: { ['a'.repeat(64)]: pendingAction(w.incident, w.key('bob')) } }, w.incident));
    expect(md).toMatch(/^# ICS 201 Incident briefing: Card payments failing\n/);
    expect(md).toContain('- Incident commander: Bob Commander');
    expect(md).toContain('## 1. Situation summary\n\nEU cards time out.');
    expect(md).toContain('| PSP adapter (psp) | down |');
    expect(md).toContain('2 dependent service(s) at risk: api, shop.');
    expect(md).toContain('1. Restore <script>alert(1)</script> card payments (owner: Dave Responder; open)');
    expect(md).toContain('| Fail over to the secondary acquirer | Payments | team Payments | in_progress |');
    expect(md).toContain('| Unowned follow-up | Unassigned | unassigned | open |');
    expect(md).toContain('- Scale payments-api to 12 replicas on payments-api: 0 approval(s) so far');
    expect(md).toContain('- Operations Section Chief: Dave Responder');
    expect(md).toContain('- Payments (#payments): 2 open task(s)');
    expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
  });

  it('is deterministic: the same state gives the same Markdown and hash', () => {
    const w = planned();
    const a = generateBriefing(hasher, w.state, w.incident);
    const b = generateBriefing(hasher, structuredClone(w.state), w.incident);
    expect(b.markdown).toBe(a.markdown);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
  });
});

describe('incident action plan', () => {
  it('assembles ICS 202/203/204/205 for the current period as Markdown', () => {
    const w = planned();
    const md = actionPlanMarkdown(actionPlanOf(w.state, w.incident));
    expect(md).toMatch(/^# Incident action plan: Card payments failing\n\n- Operational period 1: /);
    expect(md).toContain('| 2 | Keep customers informed | none | open |');
    expect(md).toContain('- Scribe: Erin Observer');
    expect(md).toContain('### Payments\n\n| Task | Assignee | Status | Due |');
    expect(md).toContain('| Update the status page | Dave Responder | blocked |');
    expect(md).toContain('### Unassigned');
    expect(md).toContain('## ICS 205 Communications plan\n\nBridge: #inc-payments\nStatus page every 30 min');
  });

  it('renders printable, self-contained HTML with journal text escaped', () => {
    const w = planned();
    const html = actionPlanHtml(actionPlanOf(w.state, w.incident));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Restore &lt;script&gt;alert(1)&lt;/script&gt; card payments');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/(src|href)=/);
    expect(html).toContain('@media print');
  });

  it('says how to start a period when there is none', () => {
    const w = new IcsWorld();
    const md = actionPlanMarkdown(actionPlanOf(w.state, w.incident));
    expect(md).toContain('No operational period started');
    expect(md).toContain('commandpost ics period start');
  });
});

describe('org chart, status summary, activity log', () => {
  it('builds the ICS 207 tree with vacancies', () => {
    const w = planned();
    const chart = orgChart(w.state, w.incident);
    expect(chart.root.people.map((p) => p.name)).toEqual(['Bob Commander']);
    expect(chart.root.children.map((c) => c.role)).toEqual(['deputy', 'safety', 'liaison', 'communications', 'scribe', 'operations', 'planning']);
    expect(orgChartMarkdown(chart)).toContain('- **Planning Section Chief**: (vacant)\n    - **Subject-matter experts**: (vacant)');
  });

  it('reports conditions, actions and needs', () => {
    const w = planned();
    const md = statusSummaryMarkdown(statusSummaryOf(w.state, w.incident, w.state.incidents[w.incident]!.openedAt + 90 * 60_000));
    expect(md).toContain('open for 90 min');
    expect(md).toContain('Operational period 1 until');
    expect(md).toContain('0 of 2 objective(s) met');
    expect(md).toContain('- Unblock: Update the status page.');
    expect(md).toContain('- Owner needed: Unowned follow-up.');
    expect(md).toContain('- Owner needed for objective: Keep customers informed.');
  });

  it('lists one member’s signed entries about the incident (ICS 214)', () => {
    const w = planned();
    const log = activityLog(w.state, w.incident, w.key('dave'), w.entries);
    expect(log.rows.map((r) => r.kind)).toEqual(['task.create', 'task.status', 'task.create', 'task.status', 'task.create']);
    expect(activityLogMarkdown(log)).toContain('| task.status | status blocked |');
    const bob = activityLog(w.state, w.incident, w.key('bob'), w.entries);
    expect(bob.rows[0]!.kind).toBe('incident.open');
    expect(bob.rows.some((r) => r.kind === 'catalog.teamPut')).toBe(false);
  });
});
