import { describe, expect, it } from 'vitest';
import { expectRejected, foldEach, team } from './foldScene';

// Folding service.status entries (shared/entries/statusKinds.ts).

describe('service status', () => {
  it('service status needs a known, unretired service', () => {
    const { b, base } = team();
    const unknown = b.append('carol', 'service.status', { service: 'payments', status: 'down' });
    const put = b.append('bob', 'catalog.servicePut', { service: 'payments', name: 'Payments API', tier: 1 });
    const down = b.append('carol', 'service.status', { service: 'payments', status: 'down', reason: '5xx' });
    const retire = b.append('bob', 'catalog.serviceRetire', { service: 'payments' });
    const afterRetire = b.append('carol', 'service.status', { service: 'payments', status: 'healthy' });
    const retireAgain = b.append('bob', 'catalog.serviceRetire', { service: 'payments' });
    const { state } = foldEach([...base, unknown, put, down, retire, afterRetire, retireAgain]);
    expectRejected(state, unknown, 'invalid', 'unknown service');
    expectRejected(state, afterRetire, 'invalid', 'service is retired');
    expectRejected(state, retireAgain, 'invalid', 'service is already retired');
    expect(state.services.payments).toMatchObject({
      status: 'down',
      statusSince: down.header.hlc.wall,
      retired: true,
      history: [{ status: 'down', at: down.header.hlc.wall, by: b.key('carol'), reason: '5xx', entry: down.id }],
    });
  });
});
