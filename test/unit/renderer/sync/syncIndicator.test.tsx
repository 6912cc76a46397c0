// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { PeerStatus, SyncStatus } from '../../../../shared/api';
import { App } from '../../../../renderer/app/App';
import { SyncIndicator, SyncProgress, useSyncStore } from '../../../../renderer/sync';
import { FakeApi } from '../fakeApi';
import { demoState } from '../fixtures';
import { useCleanConsole } from '../domMocks';

const peer = (over: Partial<PeerStatus> = {}): PeerStatus => ({
  url: 'ws://127.0.0.1:4601/sync?ws=' + 'a'.repeat(32),
  direction: 'outbound',
  status: 'connected',
  reason: null,
  insecure: false,
  device: 'k'.repeat(43),
  lastSeen: 1_700_000_000_000,
  weLack: 0,
  theyLack: 0,
  ...over,
});

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  available: true,
  online: false,
  syncUrl: 'ws://127.0.0.1:4600/sync?ws=' + 'b'.repeat(32),
  peers: [],
  waiting: 0,
  progress: null,
  equivocations: [],
  federation: null,
  ...over,
});

function show(s: SyncStatus) {
  act(() => useSyncStore.getState().setStatus(s));
}

describe('sync indicator in the incident header', () => {
  useCleanConsole();

  it('says offline and working locally with no peer, and counts what waits to sync', () => {
    render(<SyncIndicator />);
    expect(screen.queryByTestId('sync-status')).toBeNull(); // nothing known yet
    show(status());
    const el = screen.getByTestId('sync-status');
    expect(el.dataset.status).toBe('offline');
    expect(el.textContent).toContain('No peers · working locally');
    expect(el.getAttribute('title')).toMatch(/no peers;/);
    show(status({ peers: [peer({ status: 'failed', reason: 'dial failed: ECONNREFUSED', theyLack: 12 })], waiting: 12 }));
    expect(screen.getByTestId('sync-status').textContent).toContain('No peer reachable · working locally · 12 waiting to sync');
    expect(screen.getByTestId('sync-status').getAttribute('title')).toMatch(/no peer reachable/);
  });

  it('says online with the number of connected peers, and warns of an insecure link', () => {
    render(<SyncIndicator />);
    const second = peer({ url: 'ws://10.0.0.2:4600/sync', insecure: true, device: 'm'.repeat(43) });
    // The same device over two links (both hosts list each other) counts once.
    const again = peer({ url: 'ws 127.0.0.1:5123', direction: 'inbound' });
    show(status({ online: true, peers: [peer(), second, again, peer({ url: 'ws://x/sync', status: 'connecting', device: null })] }));
    const el = screen.getByTestId('sync-status');
    expect(el.dataset.status).toBe('online');
    expect(el.textContent).toContain('Online · 2 peers');
    expect(screen.getByTestId('insecure-link').textContent).toContain('insecure link');
    show(status({ online: true, peers: [peer()] }));
    expect(screen.getByTestId('sync-status').textContent).toContain('Online · 1 peer');
    expect(screen.queryByTestId('insecure-link')).toBeNull();
  });

  it('shows nothing where the core runs no peer sync', () => {
    render(<SyncIndicator />);
    show({ ...status(), available: false });
    expect(screen.queryByTestId('sync-status')).toBeNull();
  });

  it('shows catch-up progress as "syncing N / M entries"', () => {
    render(<SyncProgress />);
    expect(screen.queryByRole('progressbar')).toBeNull();
    show(status({ progress: { received: 4310, total: 12000 } }));
    const bar = screen.getByRole('progressbar', { name: 'Peer sync' });
    expect(bar.getAttribute('aria-valuenow')).toBe('4310');
    expect(screen.getByTestId('sync-progress').textContent).toContain('syncing 4,310 / 12,000 entries');
  });
});

describe('peer sync in the console', () => {
  useCleanConsole();

  it('follows sync:changed, raises an equivocation alert, and adds and removes peers from the palette', async () => {
    const api = new FakeApi(demoState());
    api.sync = status();
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    await waitFor(() => expect(screen.getByTestId('sync-status').dataset.status).toBe('offline'));

    act(() => api.pushSync(status({ online: true, peers: [peer()] })));
    expect(screen.getByTestId('sync-status').dataset.status).toBe('online');

    act(() =>
      api.pushSync(
        status({ online: true, peers: [peer()], equivocations: [{ author: 'e'.repeat(43), seq: 7, stored: '1'.repeat(64), conflicting: '2'.repeat(64) }] }),
      ),
    );
    const alert = screen.getByTestId('equivocation-alert');
    expect(alert.textContent).toMatch(/Equivocation: .* signed two different entries as #7/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss equivocation alert' }));
    expect(screen.queryByTestId('equivocation-alert')).toBeNull();

    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByLabelText('Type a command'), { target: { value: 'peers' } });
    fireEvent.keyDown(within(palette).getByLabelText('Type a command'), { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'Peers' });
    expect(within(dialog).getAllByTestId('peer-row')).toHaveLength(1);
    fireEvent.change(within(dialog).getByLabelText('Peer URL'), { target: { value: 'ws://127.0.0.1:4700/sync' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add peer' }));
    await waitFor(() => expect(within(dialog).getAllByTestId('peer-row')).toHaveLength(2));
    expect(api.calls.find((c) => c.method === 'peers:add')?.params).toEqual({ url: 'ws://127.0.0.1:4700/sync', insecure: false });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove peer ws://127.0.0.1:4700/sync' }));
    await waitFor(() => expect(within(dialog).getAllByTestId('peer-row')).toHaveLength(1));
  });

  it("shows the relay's federation with other rooms in the Peers dialog: state, lag both ways, refusals", async () => {
    const api = new FakeApi(demoState());
    const federation = {
      url: 'nats://127.0.0.1:4222',
      state: 'connected' as const,
      reason: null,
      unpublished: 0,
      behind: 0,
      published: 120,
      received: 240,
      refused: 0,
      lastRefusal: null,
      lastActivity: null,
    };
    api.sync = status({ federation });
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    act(() => useSyncStore.getState().setDialogOpen(true));
    const dialog = await screen.findByRole('dialog', { name: 'Peers' });
    await waitFor(() => expect(within(dialog).getByTestId('federation').dataset.state).toBe('connected'));
    expect(within(dialog).getByTestId('federation').textContent).toContain('sent 120, received 240');

    act(() =>
      api.pushSync(
        status({
          federation: {
            ...federation,
            state: 'disconnected',
            reason: 'no answer from nats://127.0.0.1:4222 in 5 s (link down?)',
            unpublished: 1_250,
            behind: 3,
            refused: 1,
            lastRefusal: 'entry 00ff (author abc, seq 9): bad signature',
          },
        }),
      ),
    );
    const row = within(dialog).getByTestId('federation');
    expect(row.dataset.state).toBe('disconnected');
    expect(within(row).getByTestId('federation-state').textContent).toBe('link down, reconnecting');
    expect(within(row).getByTestId('federation-unpublished').textContent).toBe('1,250');
    expect(within(row).getByTestId('federation-behind').textContent).toBe('3');
    expect(row.textContent).toContain('link down?');
    expect(within(row).getByRole('status').textContent).toContain('bad signature');

    // The header: a relay federated with the other rooms is online without a peer; cut off, it owes them entries.
    expect(screen.getByTestId('sync-status').textContent).toContain('No peers · working locally · 1,250 for other rooms');
    act(() => api.pushSync(status({ online: true, federation })));
    expect(screen.getByTestId('sync-status').dataset.status).toBe('online');
    expect(screen.getByTestId('sync-status').textContent).toContain('Online · other rooms linked');

    act(() => api.pushSync(status()));
    expect(within(dialog).queryByTestId('federation')).toBeNull();
  });
});
