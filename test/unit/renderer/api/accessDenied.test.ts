import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessCheck } from '../../../../shared/api';
import { accessCheckFromLocation } from '../../../../renderer/api/accessCheck';
import { WsApiClient, type SocketLike } from '../../../../renderer/api/wsClient';

// A tab whose server restarted (new token) or whose URL never had one: the
// client asks the host why the socket was refused, and on a refusal stops
// retrying and says so, instead of showing "Offline" forever.

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

describe('WsApiClient when the host refuses the token', () => {
  let sockets: FakeSocket[];
  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = (answers: (AccessCheck | null)[]) => {
    const asked: number[] = [];
    const client = new WsApiClient({
      url: 'ws://host/api?token=t',
      createSocket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      checkAccess: () => {
        asked.push(sockets.length);
        return Promise.resolve(answers.shift() ?? null);
      },
    });
    return { client, asked };
  };

  it('stops reconnecting and reports the reason once a reconnect after a restart is refused', async () => {
    const { client, asked } = make([null, { access: 'denied', reason: 'invalid' }]);
    const denied: string[] = [];
    client.onAccessDenied((r) => denied.push(r));
    sockets[0]?.open();
    // The server goes away: an open socket dropping is just offline, nobody is asked.
    sockets[0]?.drop();
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    // Down while restarting: the check gets no answer, so retry as usual.
    sockets[1]?.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(sockets).toHaveLength(3);
    // Back, with a new token: the check says so, and the client gives up for good.
    sockets[2]?.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(denied).toEqual(['invalid']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(3);
    expect(await client.call('state:get', {})).toMatchObject({ ok: false });
    // A listener that comes late still learns it.
    const late: string[] = [];
    client.onAccessDenied((r) => late.push(r));
    expect(late).toEqual(['invalid']);
  });

  it('keeps retrying while the host takes the token (a refusal for another reason)', async () => {
    const { client } = make([{ access: 'ok' }]);
    const denied: string[] = [];
    client.onAccessDenied((r) => denied.push(r));
    sockets[0]?.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    expect(denied).toEqual([]);
  });
});

describe('accessCheckFromLocation', () => {
  it('asks /access with the page token and parses the answer; anything else is no answer', async () => {
    const urls: string[] = [];
    const answer = (status: number, body: unknown) => (url: string) => {
      urls.push(url);
      return Promise.resolve({ status, json: () => Promise.resolve(body) });
    };
    const location = { search: '?token=a+b%2Fc' };
    expect(await accessCheckFromLocation(location, answer(401, { access: 'denied', reason: 'invalid' }))()).toEqual({ access: 'denied', reason: 'invalid' });
    expect(urls).toEqual(['/access?token=a%20b%2Fc']);
    expect(await accessCheckFromLocation(location, answer(200, { access: 'ok' }))()).toEqual({ access: 'ok' });
    expect(await accessCheckFromLocation(location, answer(502, { access: 'denied', reason: 'invalid' }))()).toBeNull();
    expect(await accessCheckFromLocation(location, answer(401, { access: 'maybe' }))()).toBeNull();
    expect(await accessCheckFromLocation(location, () => Promise.reject(new TypeError('Failed to fetch')))()).toBeNull();
  });
});
