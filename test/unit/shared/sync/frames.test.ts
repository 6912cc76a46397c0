import { describe, expect, it } from 'vitest';
import { MAX_SYNC_FRAME_BYTES, parseSyncFrame, SYNC_PROTOCOL } from '../../../../shared/sync';

const KEY = 'A'.repeat(42) + 'E';
const hello = { t: 'hello', proto: SYNC_PROTOCOL, ws: 'a'.repeat(32), device: KEY, nonce: 'N'.repeat(43) };
const parse = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return parseSyncFrame(text, Buffer.byteLength(text));
};

describe('sync frames', () => {
  it('parses each valid frame into its type', () => {
    expect(parse(hello)).toMatchObject({ ok: true, frame: { t: 'hello' } });
    expect(parse({ t: 'vv', vv: { [KEY]: 3 } })).toMatchObject({ ok: true });
    expect(parse({ t: 'ack', n: 1, vv: {}, refused: [] })).toMatchObject({ ok: true });
    expect(parse({ t: 'error', code: 'timeout', message: 'slow' })).toMatchObject({ ok: true });
  });

  it('names what is wrong', () => {
    expect(parse('{"t":')).toMatchObject({ ok: false, code: 'malformed-json' });
    expect(parse('[1,2]')).toMatchObject({ ok: false, code: 'bad-frame' });
    expect(parse({ t: 'steal' })).toMatchObject({ ok: false, code: 'unknown-type' });
    expect(parse({ ...hello, proto: 'commandpost-sync/0' })).toMatchObject({ ok: false, code: 'bad-frame', message: expect.stringContaining('proto') });
    expect(parse({ ...hello, extra: 1 })).toMatchObject({ ok: false, code: 'bad-frame' });
    expect(parse({ t: 'vv', vv: { __proto__x: 1 } })).toMatchObject({ ok: false, code: 'bad-frame', message: expect.stringContaining('vv') });
    expect(parse({ t: 'entries', n: 1, live: false, entries: [] })).toMatchObject({ ok: false, code: 'bad-frame' });
    expect(parse({ t: 'ack', n: 0, vv: {}, refused: [] })).toMatchObject({ ok: false, message: expect.stringContaining('at n') });
  });

  it('refuses a frame over the size limit before parsing it', () => {
    expect(parseSyncFrame('{}', MAX_SYNC_FRAME_BYTES + 1)).toMatchObject({ ok: false, code: 'frame-too-large' });
  });
});
