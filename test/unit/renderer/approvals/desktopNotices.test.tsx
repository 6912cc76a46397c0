// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useShellStore } from '../../../../renderer/shell';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, timelineEntry } from '../fixtures';
import { useCleanConsole } from '../domMocks';

/** The browser's Notification, as far as the console uses it. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: { title: string; body: string | undefined }[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return 'granted' as NotificationPermission;
  });
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
}

function request(summary: string) {
  const e = timelineEntry(900, 'action.request', BOB);
  return {
    ...e,
    body: { summary, connector: 'kubernetes', operation: 'restart', environment: 'production', risk: 'high', target: 'payments-api', params: {}, preview: '' },
  };
}

describe('desktop notifications in the browser console', () => {
  useCleanConsole();
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeNotification.shown = [];
  });

  it('tells an approver that someone else asks for an approval', async () => {
    FakeNotification.permission = 'granted';
    vi.stubGlobal('Notification', FakeNotification);
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'session:get')).toBe(true));
    api.mutate(() => undefined, [request('Restart payments-api')]);
    await waitFor(() =>
      expect(FakeNotification.shown).toEqual([
        { title: 'Approval requested', body: 'Restart payments-api\nkubernetes restart in production (risk high), requested by Bob Responder' },
      ]),
    );
  });

  it('asks for permission from the Actions panel, and shows nothing until it is given', async () => {
    FakeNotification.permission = 'default';
    vi.stubGlobal('Notification', FakeNotification);
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    api.mutate(() => undefined, [request('Scale out checkout')]);
    useShellStore.getState().setTab('actions');
    fireEvent.click(await screen.findByRole('button', { name: 'Notify me on this computer' }));
    await waitFor(() => expect(FakeNotification.requestPermission).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Notify me on this computer' })).toBeNull());
    expect(FakeNotification.shown).toEqual([]);
  });
});
