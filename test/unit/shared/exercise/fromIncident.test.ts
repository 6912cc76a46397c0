import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/canonical';
import { parseScenarioText } from '../../../../shared/exercise';
import { FromIncidentError, scenarioFromIncident } from '../../../../shared/exercise/fromIncident';
import type { JournalEntryView } from '../../../../shared/report';
import { stringify } from 'yaml';

// The pure conversion on a hand-written journal with real gaps between
// entries: offsets, the rubric's observed time + slack, actions and
// approvals, entries after the resolve, and what is left out.

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;
const KEYS = { ann: 'a'.repeat(43), bob: 'b'.repeat(43), cyd: 'c'.repeat(43) };
const members = {
  [KEYS.ann]: { name: 'Ann Commander', roles: ['admin', 'commander'] as const, teams: ['platform'] },
  [KEYS.bob]: { name: 'Bob Responder', roles: ['responder'] as const, teams: ['payments', 'no-such-team'] },
  [KEYS.cyd]: { name: 'Cyd Approver', roles: ['approver'] as const, teams: [] },
};
let seq = 0;
const e = (kind: string, author: keyof typeof KEYS, minutes: number, body: Record<string, JsonValue>, id = `e${++seq}`): JournalEntryView => ({
  id,
  kind,
  author: KEYS[author],
  wall: T0 + minutes * MIN,
  body,
  applied: true,
});

const journal: JournalEntryView[] = [
  e('service.status', 'ann', -5, { service: 'payments-api', status: 'healthy', reason: '', incident: null }),
  e('incident.open', 'ann', 0, { title: 'Payments slow', severity: 3, summary: 'Bob saw p99 at 4 s' }, 'inc'),
  e('service.status', 'bob', 2, { service: 'payments-api', status: 'degraded', reason: 'p99 4 s', incident: 'inc' }),
  e('incident.update', 'ann', 4, { incident: 'inc', severity: 2, status: 'investigating' }),
  e('task.create', 'ann', 6, { incident: 'inc', title: 'Roll back release 4.2', assignee: { member: KEYS.bob }, due: T0 + 36 * MIN }, 'task'),
  e(
    'action.request',
    'bob',
    8,
    {
      incident: 'inc',
      connector: 'webhook',
      operation: 'post',
      environment: 'production',
      risk: 'medium',
      target: 'deploy hook',
      summary: 'roll back',
      params: { url: 'https://x.example' },
    },
    'act',
  ),
  e('action.approve', 'cyd', 9, { action: 'act', comment: 'ok', paramsHash: 'f'.repeat(64) }),
  e('note.add', 'bob', 10, { incident: 'inc', text: 'Rollback done, Ann', service: null }),
  e('ics.assign', 'ann', 11, { incident: 'inc', role: 'scribe', member: KEYS.bob }),
  e('incident.resolve', 'ann', 20, { incident: 'inc', resolution: 'rolled back' }),
  e('note.add', 'bob', 30, { incident: 'inc', text: 'post-mortem scheduled' }),
];

const convert = (text?: (s: string) => string) =>
  scenarioFromIncident({
    incident: 'inc',
    entries: journal,
    members,
    catalog: { ref: 'demo', services: new Set(['payments-api']), teams: new Set(['payments', 'platform']) },
    nameOf: (k) => members[k]?.name ?? k,
    ...(text === undefined ? {} : { text }),
  });

describe('scenarioFromIncident', () => {
  it('keeps the real offsets and derives the rubric from what the team did', () => {
    const { scenario, warnings } = convert();
    const parsed = parseScenarioText(stringify(scenario), { services: new Set(['payments-api']), teams: new Set(['payments', 'platform']) });
    if (!parsed.ok) throw new Error(parsed.reason);
    const s = parsed.scenario;
    expect(s.participants).toEqual([
      { id: 'ann-commander', name: 'Ann Commander', roles: ['commander'], teams: ['platform'] },
      { id: 'bob-responder', name: 'Bob Responder', roles: ['responder'], teams: ['payments'] },
      { id: 'cyd-approver', name: 'Cyd Approver', roles: ['approver'], teams: [] },
    ]);
    expect(s.injects.map((i) => [i.id, i.at])).toEqual([
      ['payments-api-degraded-1', 2 * MIN],
      ['note-2', 10 * MIN],
    ]);
    expect(s.script.map((x) => [x.at / MIN, x.by, x.do])).toEqual([
      [0, 'ann-commander', 'incident.open'],
      [2, 'bob-responder', 'service.status'],
      [4, 'ann-commander', 'incident.update'],
      [6, 'ann-commander', 'task.create'],
      [8, 'bob-responder', 'action.request'],
      [9, 'cyd-approver', 'action.approve'],
      [20, 'ann-commander', 'incident.resolve'],
    ]);
    expect(s.script[3]).toMatchObject({ ref: 'task-1', assignee: 'bob-responder', dueIn: 30 * MIN });
    expect(s.script[5]).toMatchObject({ action: 'action-1' });
    const within = Object.fromEntries(s.rubric.map((r) => [r.id, r.within / MIN]));
    // Observed time from incident open (or from the inject) plus 5 minutes of slack.
    expect(within).toEqual({ declare: 5, 'ack-payments-api-degraded-1': 5, 'first-status': 9, 'severity-2-3': 9, 'task-1-created': 11, resolved: 25 });
    expect(s.duration).toBe(26 * MIN);
    expect(warnings).toEqual([
      '1 × ics.assign: not replayed (scenarios have no such step)',
      '1 entries after the incident was resolved (or more than a day after it opened) are left out',
    ]);
  });

  it('passes free text through the mapper (pseudonymisation) and refuses an unknown incident', () => {
    const { scenario } = convert((t) => t.replaceAll('Ann', 'Member 1').replaceAll('Bob', 'Member 2'));
    expect(JSON.stringify(scenario.injects)).toContain('Rollback done, Member 1');
    expect(scenario.briefing).toContain('Member 2 saw p99');
    expect(() =>
      scenarioFromIncident({
        ...{ incident: 'nope', entries: journal, members, catalog: { ref: 'demo', services: new Set(), teams: new Set() }, nameOf: (k: string) => k },
      }),
    ).toThrow(FromIncidentError);
  });
});
