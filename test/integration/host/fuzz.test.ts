import { afterAll, describe, expect, it } from 'vitest';
import type { ResponseFrame } from '../../../shared/api';
import { TestClient, apiUrl, cleanupTempDirs, demoHost } from './hostHarness';
import { seededRandom as prng } from '../../support/seededRandom';

afterAll(() => cleanupTempDirs());

const SEEDS = [
  { id: 1, method: 'state:get', params: {} },
  { id: 2, method: 'session:get', params: {} },
  { id: 3, method: 'journal:page', params: { limit: 3, kinds: ['note.add'] } },
  { id: 4, method: 'journal:append', params: { kind: 'service.status', body: { service: 'no-such', status: 'down' } } },
  { id: 5, method: 'journal:append', params: { kind: 'workspace.genesis', body: {} } },
];
const ODD_VALUES: unknown[] = [null, true, -1, 1.5, 2 ** 53, '', 'x'.repeat(300), [], {}, [[[[]]]], { __proto__: { polluted: true } }, { constructor: 1 }];

function mutate(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const seed = JSON.parse(JSON.stringify(pick(SEEDS))) as Record<string, unknown>;
  const text = JSON.stringify(seed);
  switch (Math.floor(rand() * 7)) {
    case 0: {
      const i = Math.floor(rand() * text.length);
      return text.slice(0, i) + String.fromCharCode(Math.floor(rand() * 0x3000)) + text.slice(i + 1);
    }
    case 1:
      return text.slice(0, Math.floor(rand() * text.length));
    case 2:
      seed[pick(['id', 'method', 'params', 'extra'])] = pick(ODD_VALUES);
      return JSON.stringify(seed);
    case 3:
      seed.params = { ...(seed.params as object), [pick(['limit', 'before', 'kinds', 'author', 'kind', 'body', 'x'])]: pick(ODD_VALUES) };
      return JSON.stringify(seed);
    case 4:
      seed.method = pick(['journal:append', 'state:get', 'STATE:GET', 'toString', 'hasOwnProperty', 'journal:page ', '']);
      return JSON.stringify(seed);
    case 5:
      return JSON.stringify(pick(ODD_VALUES));
    default:
      return Array.from({ length: Math.floor(rand() * 40) }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
  }
}

describe('host under random and mutated frames', () => {
  it('answers 2,000 frames on one connection without crashing; only the deliberate appends change the journal', async () => {
    const h = await demoHost();
    const c = await TestClient.connect(apiUrl(h.host));
    try {
      const before = h.host.feed.workspace.store.count();
      const rand = prng(20250615);
      const frames: string[] = [];
      for (let i = 0; i < 2000; i++) {
        frames.push(
          i % 250 === 0
            ? JSON.stringify({ id: 900_000 + i, method: 'journal:append', params: { kind: 'note.add', body: { text: `fuzz ${i}` } } })
            : mutate(rand),
        );
      }
      for (const frame of frames) c.socket.send(frame);
      const responses: ResponseFrame[] = [];
      for (let i = 0; i < frames.length; i++) responses.push(await c.nextResponse());

      const deliberate = responses.filter((r) => r.id !== null && r.id >= 900_000);
      expect(deliberate).toHaveLength(8);
      expect(deliberate.every((r) => r.ok)).toBe(true);
      const appends = responses.filter((r) => r.ok && typeof r.value === 'object' && r.value !== null && 'stateHash' in r.value && 'id' in r.value);
      expect(appends).toHaveLength(8);
      for (const r of responses) if (!r.ok) expect(['bad_request', 'unknown_method', 'refused']).toContain(r.error.code);
      expect(h.host.feed.workspace.store.count()).toBe(before + 8);
      const state = await c.value<{ entries: number }>('state:get');
      expect(state.entries).toBe(before + 8);
    } finally {
      c.close();
      await h.host.close();
    }
  });
});
