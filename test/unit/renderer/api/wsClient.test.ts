import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiUrlFromLocation, WsApiClient, type SocketLike } from '../../../../renderer/api/wsClient';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
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
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
}

describe('WsApiClient', () => {
  let sockets: FakeSocket[];
  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = () =>
    new WsApiClient({
      url: 'ws://host/api?token=t',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      initialBackoffMs: 100,
      maxBackoffMs: 400,
    });

  it('builds the API URL from the page location and its token', () => {
    expect(apiUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:4321/api?token=a%2Bb');
    expect(apiUrlFromLocation({ protocol: 'https:', host: 'room', search: '' })).toBe('wss://room/api?token=');
  });

  it('queues requests until open, matches responses by id and parses results', async () => {
    const client = make();
    const statuses: string[] = [];
    client.onConnection((s) => statuses.push(s));
    const pending = client.call('session:get', {});
    expect(sockets[0]?.sent).toEqual([]);
    sockets[0]?.open();
    const frame = JSON.parse(sockets[0]?.sent[0] ?? '{}');
    expect(frame).toMatchObject({ method: 'session:get', params: {} });
    sockets[0]?.receive({ id: frame.id, ok: true, value: { workspaceId: 'w', workspaceName: 'Demo', me: 'k', transport: 'websocket' } });
    expect(await pending).toEqual({ ok: true, value: { workspaceId: 'w', workspaceName: 'Demo', me: 'k', transport: 'websocket' } });
    expect(statuses).toEqual(['connecting', 'online']);

    const refused = client.call('journal:append', { kind: 'note.add', body: { text: 'x' } });
    const id = JSON.parse(sockets[0]?.sent[1] ?? '{}').id;
    sockets[0]?.receive({ id, ok: false, error: { code: 'refused', message: 'observer may not' } });
    expect(await refused).toEqual({ ok: false, error: { code: 'refused', message: 'observer may not' } });
  });

  it('delivers state:changed events and ignores garbage frames', () => {
    const client = make();
    sockets[0]?.open();
    const events: unknown[] = [];
    client.onStateChanged((e) => events.push(e));
    sockets[0]?.onmessage?.({ data: 'not json' } as MessageEvent);
    sockets[0]?.receive({ what: 'ever' });
    const event = { type: 'state:changed', stateHash: 'h', entries: 3, added: [], base: { lastKey: null, count: 3 }, resync: null, more: false };
    sockets[0]?.receive({ event });
    // An event of the older shape (no base) is not one the store could fold: dropped as not understood.
    sockets[0]?.receive({ event: { type: 'state:changed', stateHash: 'h', entries: 3, added: [] } });
    expect(events).toEqual([event]);
  });

  it('reports offline, fails in-flight requests, and reconnects with backoff', async () => {
    const client = make();
    const statuses: string[] = [];
    client.onConnection((s) => statuses.push(s));
    sockets[0]?.open();
    const inFlight = client.call('state:get', {});
    sockets[0]?.drop();
    const result = await inFlight;
    expect(result.ok).toBe(false);
    expect(statuses.at(-1)).toBe('offline');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    sockets[1]?.drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2); // backoff doubled to 200 ms
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(3);
    sockets[2]?.open();
    expect(statuses.at(-1)).toBe('online');
    client.close();
  });
});
