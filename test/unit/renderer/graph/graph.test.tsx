// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../../../renderer/app/App';
import { useGraphStore } from '../../../../renderer/graph';
import { FakeApi } from '../fakeApi';
import { demoState, INCIDENT } from '../fixtures';
import { useCleanConsole } from '../domMocks';

describe('dependency graph', () => {
  useCleanConsole();

  it('shows every service with its status as text, not colour alone', async () => {
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    for (const id of ['web', 'api', 'db', 'search']) {
      const node = await screen.findByTestId(`service-node-${id}`);
      expect(node.getAttribute('data-status')).toBe('healthy');
      expect(node.textContent).toContain('Healthy');
      expect(node.getAttribute('data-blast')).toBeNull();
    }
    expect(screen.getByTestId('team-node-payments').textContent).toContain('Payments');
  });

  it('marking a service down journals service.status and highlights its dependents', async () => {
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    fireEvent.click(await screen.findByTestId('service-node-db'));
    const panel = await screen.findByTestId('service-panel');
    expect(panel.textContent).toContain('Platform');
    fireEvent.click(within(panel).getByRole('button', { name: /mark down/i }));

    await waitFor(() => expect(api.appends()).toEqual([{ kind: 'service.status', body: { service: 'db', status: 'down', reason: '', incident: INCIDENT } }]));
    await waitFor(() => expect(screen.getByTestId('service-node-db').getAttribute('data-status')).toBe('down'));
    expect(screen.getByTestId('service-node-db').textContent).toContain('Down');
    expect(screen.getByTestId('service-node-api').getAttribute('data-blast')).toBe('true');
    expect(screen.getByTestId('service-node-web').getAttribute('data-blast')).toBe('true');
    expect(screen.getByTestId('service-node-search').getAttribute('data-blast')).toBeNull();
    expect(screen.getByTestId('service-panel-status').textContent).toContain('Down');
  });

  it('a status change made elsewhere appears live and never moves a node', async () => {
    const api = new FakeApi(demoState());
    const { container } = render(<App client={api} />);
    await screen.findByTestId('service-node-api');
    const wrapper = () => container.querySelector('.react-flow__node[data-id="api"]') as HTMLElement;
    // Service nodes are placed by left/top (buildGraph placedAt), not by React Flow's translate().
    const place = () => `${wrapper().style.left} ${wrapper().style.top}`;
    const before = place();
    expect(before).toMatch(/^-?[\d.]+px -?[\d.]+px$/);
    api.mutate((s) => {
      if (s.services.api) s.services.api.status = 'degraded';
    });
    await waitFor(() => expect(screen.getByTestId('service-node-api').getAttribute('data-status')).toBe('degraded'));
    expect(screen.getByTestId('service-node-web').getAttribute('data-blast')).toBe('true');
    expect(place()).toBe(before);
  });

  it('filters by team and highlights search matches', async () => {
    const api = new FakeApi(demoState());
    render(<App client={api} />);
    await screen.findByTestId('service-node-web');
    fireEvent.change(screen.getByLabelText('Filter by team'), { target: { value: 'platform' } });
    await waitFor(() => expect(screen.queryByTestId('service-node-web')).toBeNull());
    expect(screen.getByTestId('service-node-db')).toBeTruthy();
    useGraphStore.getState().setTeam(null);
    fireEvent.change(screen.getByLabelText('Search services'), { target: { value: 'primary' } });
    await waitFor(() => expect(screen.getByTestId('service-node-db').className).toContain('match'));
    expect(screen.getByTestId('service-node-web').className).toContain('dimmed');
  });
});
