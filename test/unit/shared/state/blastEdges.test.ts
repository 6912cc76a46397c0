import { describe, expect, it } from 'vitest';
import {
  edgeKey,
  edgesTouchingImpact,
  failingServices,
  impactedServices,
  propagationEdges,
  type Edge,
  type Service,
  type ServiceStatus,
} from '../../../../shared/state';

// The blast radius as drawn: which services are hit, and only the edges the impact travels along.

function service(id: string, status: ServiceStatus, retired = false): Service {
  return { id, name: id, description: '', tier: null, retired, status, statusSince: null, statusIncident: null, history: [] };
}

function graph(statuses: Record<string, ServiceStatus>, deps: Array<[string, string]>, retired: string[] = []) {
  const services: Record<string, Service> = {};
  for (const [id, status] of Object.entries(statuses)) services[id] = service(id, status, retired.includes(id));
  const edges: Record<string, Edge> = {};
  for (const [from, to] of deps) edges[edgeKey('dependsOn', from, to)] = { type: 'dependsOn', from, to, tags: [] };
  // An ownership edge never carries impact.
  edges[edgeKey('ownedBy', 'web', 'team-a')] = { type: 'ownedBy', from: 'web', to: 'team-a', tags: [] };
  return { services, edges };
}

const pairs = (edges: Edge[]) => edges.map((e) => `${e.from}->${e.to}`);

describe('propagationEdges', () => {
  // (x -> y: x depends on y)
  // web -> api -> db (down); web -> cdn; api -> cache; worker -> db; report -> web; admin -> cache
  const g = graph({ web: 'healthy', api: 'healthy', db: 'down', cdn: 'healthy', cache: 'healthy', worker: 'healthy', report: 'healthy', admin: 'healthy' }, [
    ['web', 'api'],
    ['web', 'cdn'],
    ['api', 'db'],
    ['api', 'cache'],
    ['worker', 'db'],
    ['report', 'web'],
    ['admin', 'cache'],
  ]);

  it('is the edges from each impacted dependent to the failing or impacted service it depends on', () => {
    expect(failingServices(g)).toEqual(['db']);
    expect([...impactedServices(g)].sort()).toEqual(['api', 'report', 'web', 'worker']);
    expect(pairs(propagationEdges(g))).toEqual(['api->db', 'report->web', 'web->api', 'worker->db']);
  });

  it('leaves out the edges from impacted services to healthy dependencies, which the old highlight lit up', () => {
    // web -> cdn and api -> cache touch impacted services but carry no impact.
    expect(pairs(edgesTouchingImpact(g)).sort()).toEqual(['api->cache', 'api->db', 'report->web', 'web->api', 'web->cdn', 'worker->db']);
    expect(propagationEdges(g)).toHaveLength(4);
    expect(edgesTouchingImpact(g)).toHaveLength(6);
  });

  it('follows a degraded service too, and a failing service that depends on another failing one', () => {
    const two = graph({ ui: 'healthy', pay: 'degraded', psp: 'down', vault: 'healthy' }, [
      ['ui', 'pay'],
      ['pay', 'psp'],
      ['pay', 'vault'],
      ['psp', 'vault'],
    ]);
    expect(pairs(propagationEdges(two))).toEqual(['pay->psp', 'ui->pay']);
  });

  it('is empty when nothing fails, when the failing service has no dependents, and ignores retired failures', () => {
    expect(propagationEdges(graph({ a: 'healthy', b: 'healthy' }, [['a', 'b']]))).toEqual([]);
    expect(propagationEdges(graph({ a: 'down', b: 'healthy' }, [['a', 'b']]))).toEqual([]);
    expect(propagationEdges(graph({ a: 'healthy', b: 'down' }, [['a', 'b']], ['b']))).toEqual([]);
    expect(propagationEdges(graph({ a: 'healthy', b: 'unknown' }, [['a', 'b']]))).toEqual([]);
  });

  it('terminates on a dependency cycle through the failure', () => {
    // a -> b -> c -> a, c down: every edge of the cycle carries impact; d -> a too.
    const cyc = graph({ a: 'healthy', b: 'healthy', c: 'down', d: 'healthy' }, [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'a'],
    ]);
    expect(pairs(propagationEdges(cyc))).toEqual(['a->b', 'b->c', 'c->a', 'd->a']);
  });
});
