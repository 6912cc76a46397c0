import type { TimelineEntry } from '../../../shared/api';
import type { Member, Service, WorkspaceState } from '../../../shared/state';
import { edgeKey, emptyState } from '../../../shared/state';

// A small incident workspace for component tests:
//   web -> api -> db   (web and api owned by payments, db by platform)
//   search             (platform, nothing depends on it)

export const ME = 'A'.repeat(42) + 'A';
export const BOB = 'B'.repeat(42) + 'A';
export const INCIDENT = 'a'.repeat(64);

function member(key: string, name: string, teams: string[]): Member {
  return { key, name, roles: ['commander'], teams, active: true, since: 0, revokedAt: null, revokedReason: null };
}

function service(id: string, name: string): Service {
  return { id, name, description: '', tier: 1, retired: false, status: 'healthy', statusSince: null, statusIncident: null, history: [] };
}

export function demoState(): WorkspaceState {
  const s = emptyState();
  s.workspace = { id: 'f'.repeat(32), name: 'Demo', genesis: 'e'.repeat(64), createdAt: 0 };
  s.members[ME] = member(ME, 'Ada Commander', ['payments']);
  s.members[BOB] = member(BOB, 'Bob Responder', ['platform']);
  s.teams.payments = { id: 'payments', name: 'Payments', channel: '#payments' };
  s.teams.platform = { id: 'platform', name: 'Platform', channel: '#platform' };
  for (const [id, name] of [
    ['web', 'Web Frontend'],
    ['api', 'Payments API'],
    ['db', 'Primary DB'],
    ['search', 'Search'],
  ] as const)
    s.services[id] = service(id, name);
  const edge = (type: 'dependsOn' | 'ownedBy', from: string, to: string) => {
    s.edges[edgeKey(type, from, to)] = { type, from, to, tags: ['0'.repeat(64)] };
  };
  edge('dependsOn', 'web', 'api');
  edge('dependsOn', 'api', 'db');
  edge('ownedBy', 'web', 'payments');
  edge('ownedBy', 'api', 'payments');
  edge('ownedBy', 'db', 'platform');
  edge('ownedBy', 'search', 'platform');
  s.incidents[INCIDENT] = {
    id: INCIDENT,
    title: 'Checkout errors',
    severity: 1,
    status: 'investigating',
    summary: '',
    commander: ME,
    openedAt: 1_700_000_000_000,
    openedBy: ME,
    updatedAt: 1_700_000_000_000,
    resolvedAt: null,
    resolution: null,
  };
  return s;
}

export function hex64(n: number): string {
  return n.toString(16).padStart(64, '0');
}

export function timelineEntry(n: number, kind = 'note.add', author = ME): TimelineEntry {
  return {
    id: hex64(n),
    header: {
      v: 1,
      ws: 'f'.repeat(32),
      author,
      seq: n,
      prev: n === 1 ? null : hex64(n - 1),
      hlc: { wall: 1_700_000_000_000 + n * 1000, count: 0 },
      kind,
      bodyHash: 'c'.repeat(64),
    },
    body: { text: `entry ${n}` },
    redactedBy: null,
    rejected: null,
  };
}
