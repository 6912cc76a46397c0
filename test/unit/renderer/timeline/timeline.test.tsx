// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../../../renderer/app/App';
import { useShellStore } from '../../../../renderer/shell';
import { TIMELINE_PAGE, TIMELINE_ROW_HEIGHT, useTimelineStore } from '../../../../renderer/timeline';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, timelineEntry } from '../fixtures';
import { useCleanConsole } from '../domMocks';

function bigJournal(n: number) {
  const out = [];
  for (let i = 1; i <= n; i++) out.push(timelineEntry(i, i % 10 === 0 ? 'service.status' : 'note.add', i % 2 === 0 ? BOB : undefined));
  return out;
}

describe('timeline', () => {
  useCleanConsole();

  it('renders only the visible rows of 100,000 entries', async () => {
    const api = new FakeApi(demoState(), bigJournal(100_000));
    useShellStore.getState().setTab('timeline');
    render(<App client={api} />);
    await waitFor(() => expect(useTimelineStore.getState().entries.length).toBe(TIMELINE_PAGE));
    const table = screen.getByRole('table', { name: 'Journal timeline' });
    expect(table.getAttribute('aria-rowcount')).toBe(String(TIMELINE_PAGE));
    const rows = await screen.findAllByTestId('timeline-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByText(/500 of 100,000 loaded/)).toBeTruthy();

    // Scrolling to the top pages older entries in, still rendering only a window.
    table.scrollTop = 0;
    fireEvent.scroll(table);
    await waitFor(() => expect(useTimelineStore.getState().entries.length).toBe(2 * TIMELINE_PAGE));
    expect(screen.getAllByTestId('timeline-row').length).toBeLessThan(60);
    const first = screen.getAllByTestId('timeline-row')[0];
    expect(first?.textContent).toContain('verified');
    expect(first?.textContent).toMatch(/Ada Commander|Bob Responder/);

    table.scrollTop = 300 * TIMELINE_ROW_HEIGHT;
    fireEvent.scroll(table);
    const indices = screen.getAllByRole('row').map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.min(...indices)).toBeGreaterThan(250);
  });

  it('filters by kind and author through the host, and shows rejected entries', async () => {
    const journal = bigJournal(50);
    const last = journal[49];
    if (last) last.rejected = { category: 'unauthorized', reason: 'observer may not write service.status' };
    const api = new FakeApi(demoState(), journal);
    useShellStore.getState().setTab('timeline');
    render(<App client={api} />);
    const table = await screen.findByRole('table', { name: 'Journal timeline' });
    const rowCount = () => Number(table.getAttribute('aria-rowcount'));
    await waitFor(() => expect(rowCount()).toBe(50));
    fireEvent.change(screen.getByLabelText('Filter timeline by kind'), { target: { value: 'service.status' } });
    await waitFor(() => expect(rowCount()).toBe(5));
    expect(screen.getAllByTestId('timeline-row').every((r) => r.getAttribute('data-kind') === 'service.status')).toBe(true);
    // The option "Action rejected" also says rejected: the badge is the one with the mark.
    expect(screen.getByText(/✖ rejected/)).toBeTruthy();
    // Kinds read in plain words, the kind's name only in the tooltip.
    const kindCells = screen.getAllByTestId('timeline-row').map((r) => r.querySelector('.t-kind'));
    expect(kindCells.every((c) => c?.textContent === 'Service status' && c.getAttribute('title') === 'service.status')).toBe(true);
    fireEvent.change(screen.getByLabelText('Filter timeline by author'), { target: { value: BOB } });
    await waitFor(() => expect(api.calls.at(-1)?.params).toMatchObject({ author: BOB, kinds: ['service.status'] }));
    await waitFor(() => expect(rowCount()).toBe(5));
    fireEvent.change(screen.getByLabelText('Filter timeline by kind'), { target: { value: '' } });
    await waitFor(() => expect(rowCount()).toBe(25));
    expect(api.calls.filter((c) => c.method === 'journal:page').at(-1)?.params).toMatchObject({ author: BOB });
  });
});
