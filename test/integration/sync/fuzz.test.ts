import { afterAll, describe, expect, it } from 'vitest';
import { toWire } from '../../../shared/journal';
import { SYNC_PROTOCOL } from '../../../shared/sync';
import { cleanupTempDirs } from './peers';
import { mutateFrame } from './frameMutator';
import { seededRandom } from './simScheduler';
import { makeVictim } from './victim';

afterAll(cleanupTempDirs);

const FRAMES = Number(process.env.SYNC_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.SYNC_FUZZ_SEED ?? 5);

describe('sync frame fuzzing', () => {
  it(`${FRAMES} mutated frames: no crash, nothing stored`, () => {
    const v = makeVictim();
    const before = v.snapshot();
    const rng = seededRandom(SEED);
    const held = [...v.ws.store.entriesAfter(null)].map(toWire);
    const vv = v.journal.versionVector();
    const corpus: object[] = [
      { t: 'hello', proto: SYNC_PROTOCOL, ws: v.ws.id, device: v.member.publicKey, nonce: 'A'.repeat(43) },
      { t: 'auth', sig: 'A'.repeat(85) + 'A', vv },
      { t: 'vv', vv },
      { t: 'entries', n: 1, live: false, entries: held },
      { t: 'entries', n: 2, live: true, entries: held.slice(-2) },
      { t: 'ack', n: 1, vv, refused: [{ author: v.member.publicKey, seq: 1 }] },
      { t: 'error', code: 'timeout', message: 'bye' },
    ];
    let answered = 0;
    for (let i = 0; i < FRAMES; i++) {
      const raw = v.connect();
      // Half the mutants arrive after an honest handshake, to reach the entry and ack paths.
      if (rng() < 0.5) raw.handshake(v.member, v.ws.id);
      raw.sendText(mutateFrame(rng, corpus[Math.floor(rng() * corpus.length)]!));
      raw.flush();
      if (raw.error !== undefined) answered += 1;
      raw.link.close('next mutant');
      if (i % 1000 === 0) expect(v.snapshot(), `after mutant ${i} (SYNC_FUZZ_SEED=${SEED})`).toBe(before);
    }
    expect(v.snapshot()).toBe(before);
    expect(v.node.sessions).toHaveLength(0);
    // Most mutants are refused outright; the rest happen to stay valid (e.g. a changed vector).
    expect(answered).toBeGreaterThan(FRAMES / 2);
    console.log(`sync fuzz: ${FRAMES} mutants, ${answered} refused with an error frame`);
  });
});
