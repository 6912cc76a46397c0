// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { TimelineEntry } from '../../../../shared/api';
import { icsFor, type WorkspaceState } from '../../../../shared/state';
import { useCommandStore } from '../../../../renderer/ics';
import { useShellStore } from '../../../../renderer/shell';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { BOB, demoState, hex64, INCIDENT, ME } from '../fixtures';
import { useCleanConsole } from '../domMocks';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The demo state with a first operational period, one objective and a scribe. */
function planned(): WorkspaceState {
  const s = demoState();
  const ics = icsFor(s, INCIDENT);
  ics.assignments.push({ role: 'scribe', member: BOB, since: 1, by: ME, entry: hex64(7) });
  ics.periods.push({
    id: hex64(8),
    number: 1,
    start: 1_700_000_000_000,
    end: 1_700_014_400_000,
    startedBy: ME,
    closedAt: null,
    commsPlan: 'Bridge on #inc',
    objectives: [hex64(9)],
  });
  ics.objectives[hex64(9)] = { id: hex64(9), period: hex64(8), text: 'Stop checkout errors', owner: BOB, status: 'open', createdBy: ME, updatedAt: 1 };
  return s;
}

async function openCommand(api: FakeApi) {
  render(<App client={api} />);
  await screen.findByTestId('service-node-db');
  useShellStore.getState().setTab('command');
  return screen.findByTestId('commanders');
}

describe('Command panel', () => {
  useCleanConsole();
  beforeEach(() => useCommandStore.getState().showDoc(null));

  it('shows the org chart and the period, and journals role assignments and objectives', async () => {
    const api = new FakeApi(planned());
    expect((await openCommand(api)).textContent).toContain('Incident commander: Ada Commander');
    const scribe = screen.getAllByTestId('org-position').find((li) => li.getAttribute('data-role') === 'scribe');
    expect(scribe?.textContent).toContain('Bob Responder');
    expect(screen.getByTestId('period-label').textContent).toMatch(/^Operational period 1: /);
    expect(screen.getByTestId('objective').textContent).toContain('Stop checkout errors');

    fireEvent.change(screen.getByLabelText('ICS role'), { target: { value: 'operations' } });
    fireEvent.change(screen.getByLabelText('Person'), { target: { value: BOB } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    fireEvent.change(screen.getByLabelText('Status of Stop checkout errors'), { target: { value: 'met' } });
    fireEvent.change(screen.getByLabelText('Objective'), { target: { value: 'Tell customers' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add objective' }));
    await waitFor(() =>
      expect(api.appends()).toEqual([
        { kind: 'ics.assign', body: { incident: INCIDENT, role: 'operations', member: BOB } },
        { kind: 'ics.objectiveUpdate', body: { incident: INCIDENT, objective: hex64(9), status: 'met' } },
        { kind: 'ics.objectiveAdd', body: { incident: INCIDENT, text: 'Tell customers', owner: null } },
      ]),
    );
  });

  it('shows the briefing and the action plan as Markdown with a download link', async () => {
    await openCommand(new FakeApi(planned()));
    fireEvent.click(screen.getByRole('button', { name: 'Briefing (Markdown)' }));
    const briefing = screen.getByTestId('ics-markdown').textContent ?? '';
    expect(briefing).toMatch(/^# ICS 201 Incident briefing: Checkout errors\n/);
    expect(briefing).toContain('1. Stop checkout errors (owner: Bob Responder; open)');
    const link = screen.getByRole('link', { name: /Download ics-201-briefing.md/ });
    expect(decodeURIComponent(link.getAttribute('href') ?? '')).toBe(`data:text/markdown;charset=utf-8,${briefing}`);

    fireEvent.click(screen.getByRole('button', { name: 'Action plan (Markdown)' }));
    const iap = screen.getByTestId('ics-markdown').textContent ?? '';
    expect(iap).toMatch(/^# Incident action plan: Checkout errors\n/);
    expect(iap).toContain('| 1 | Stop checkout errors | Bob Responder | open |');
    expect(iap).toContain('Bridge on #inc');
  });

  it('hands over command with the previewed briefing and its SHA-256', async () => {
    const api = new FakeApi(planned());
    await openCommand(api);
    fireEvent.change(screen.getByLabelText('Incoming commander'), { target: { value: BOB } });
    fireEvent.click(screen.getByRole('button', { name: 'Hand over command…' }));
    const preview = screen.getByTestId('handover-briefing').textContent ?? '';
    expect(preview).toContain('# ICS 201 Incident briefing');
    fireEvent.click(screen.getByRole('button', { name: 'Offer command to Bob Responder' }));
    await waitFor(() =>
      expect(api.appends()).toEqual([{ kind: 'ics.handoverOffer', body: { incident: INCIDENT, to: BOB, briefing: sha256(preview), markdown: preview } }]),
    );
  });

  it('lets the named incoming commander read the offered briefing and accept, restating its hash', async () => {
    const s = planned();
    s.incidents[INCIDENT]!.commander = BOB;
    const offer = hex64(20);
    const markdown = '# ICS 201 Incident briefing: as offered\n';
    icsFor(s, INCIDENT).handover = { entry: offer, from: BOB, to: ME, briefing: sha256(markdown), at: 1 };
    const entry: TimelineEntry = {
      id: offer,
      header: {
        v: 1,
        ws: 'f'.repeat(32),
        author: BOB,
        seq: 5,
        prev: hex64(1),
        hlc: { wall: 1_700_000_050_000, count: 0 },
        kind: 'ics.handoverOffer',
        bodyHash: 'c'.repeat(64),
      },
      body: { incident: INCIDENT, to: ME, briefing: sha256(markdown), markdown },
      redactedBy: null,
      rejected: null,
    };
    const api = new FakeApi(s, [entry]);
    await openCommand(api);
    const pending = screen.getByTestId('handover-pending');
    expect(pending.textContent).toContain(`Handover offered by Bob Responder to Ada Commander. Briefing sha256 ${sha256(markdown)}`);
    expect((await within(pending).findByTestId('offered-briefing')).textContent).toBe(markdown);
    fireEvent.click(within(pending).getByRole('button', { name: 'Accept command' }));
    await waitFor(() => expect(api.appends()).toEqual([{ kind: 'ics.handoverAccept', body: { incident: INCIDENT, offer, briefing: sha256(markdown) } }]));
  });

  it('is reachable from the command palette, straight to the action plan', async () => {
    render(<App client={new FakeApi(planned())} />);
    await screen.findByTestId('service-node-db');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(dialog).getByLabelText('Type a command'), { target: { value: 'incident action plan' } });
    fireEvent.keyDown(within(dialog).getByLabelText('Type a command'), { key: 'Enter' });
    expect((await screen.findByTestId('ics-markdown')).textContent).toMatch(/^# Incident action plan/);
    expect(useShellStore.getState().tab).toBe('command');
  });
});
