// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../../renderer/app/App';
import { useShellStore } from '../../../../renderer/shell';
import { FakeApi } from '../fakeApi';
import { demoState } from '../fixtures';
import { useCleanConsole } from '../domMocks';

describe('command palette', () => {
  useCleanConsole();

  it('opens with Ctrl+K, lists shortcuts, runs a command and closes', async () => {
    render(<App client={new FakeApi(demoState())} />);
    await screen.findByTestId('service-node-db');
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
    expect(within(dialog).getByText('Tasks: create a task').parentElement?.textContent).toContain('N');
    expect(within(dialog).getAllByRole('option').length).toBeGreaterThan(15);
    expect(dialog.textContent).toContain('Graph: show only team Payments');

    fireEvent.change(within(dialog).getByLabelText('Type a command'), { target: { value: 'timeline show' } });
    expect(within(dialog).getAllByRole('option')).toHaveLength(1);
    fireEvent.keyDown(within(dialog).getByLabelText('Type a command'), { key: 'Enter' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(useShellStore.getState().tab).toBe('timeline');
  });

  it('Cmd+K works too, Escape closes, single-key shortcuts run outside text fields', async () => {
    render(<App client={new FakeApi(demoState())} />);
    await screen.findByTestId('service-node-db');
    fireEvent.keyDown(window, { key: 'K', metaKey: true });
    const dialog = await screen.findByRole('dialog');
    fireEvent.keyDown(within(dialog).getByLabelText('Type a command'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.keyDown(document.body, { key: 'i' });
    expect(useShellStore.getState().tab).toBe('incidents');
    fireEvent.keyDown(document.body, { key: 'd' });
    expect(useShellStore.getState().theme).toBe('light');
  });
});
