import type { ApiClient } from '../../shared/api';
import type { ServiceStatus, WorkspaceState } from '../../shared/state';
import { useGraphStore, SERVICE_STATUSES, STATUS_LOOK } from '../graph';
import { useShellStore } from '../shell';
import { useSyncStore } from '../sync';
import { useTasksStore } from '../tasks';
import { useTimelineStore } from '../timeline';
import { useCatalogImportStore } from '../catalog';
import { useCommandStore, type IcsDocument } from '../ics';
import { usePlaybooksStore, type PlaybookScreen } from '../playbook';
import { appendEntry, currentIncident, sortedIncidents } from '../workspace';

// Every command of the console, in one list: the palette shows it (with the
// shortcuts), and the keyboard handler runs the ones that have a key.

export interface CommandContext {
  client: ApiClient;
  state: WorkspaceState | null;
}

export interface Command {
  id: string;
  title: string;
  section: string;
  /** Shown in the palette; single keys work when no text field has focus. */
  shortcut?: string;
  run(ctx: CommandContext): void;
}

const shell = () => useShellStore.getState();

/** Open the Command panel on an ICS document. */
function showIcsDocument(doc: IcsDocument): void {
  useCommandStore.getState().showDoc(doc);
  shell().setTab('command');
}

/** Open the Playbooks tab on a screen (the list, or the form for one playbook). */
function showPlaybooks(screen: PlaybookScreen): void {
  usePlaybooksStore.getState().show(screen);
  shell().setTab('playbooks');
}

/** One command per published playbook: its form, on the service selected in the graph. */
function playbookCommands(state: WorkspaceState | null): Command[] {
  const slice = state?.playbooks;
  if (slice === undefined) return [];
  return Object.entries(slice.current)
    .map(([name, hash]) => ({ name, title: slice.versions[hash]?.title ?? name }))
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((p) => ({
      id: `playbook-${p.name}`,
      title: `Playbooks: run "${p.title}" on the selected service…`,
      section: 'Playbooks',
      run: () => showPlaybooks({ kind: 'start', playbook: p.name }),
    }));
}

const staticCommands: Command[] = [
  { id: 'palette', title: 'Open command palette', section: 'General', shortcut: 'Ctrl+K', run: () => shell().setPaletteOpen(true) },
  { id: 'theme', title: 'Toggle light / dark theme', section: 'General', shortcut: 'D', run: () => shell().toggleTheme() },
  { id: 'fit', title: 'Graph: zoom to fit', section: 'Graph', shortcut: 'F', run: () => shell().requestFit() },
  { id: 'search', title: 'Graph: search services', section: 'Graph', shortcut: '/', run: () => shell().requestFocus('search') },
  { id: 'all-teams', title: 'Graph: show all teams', section: 'Graph', run: () => useGraphStore.getState().setTeam(null) },
  {
    id: 'ownership',
    title: 'Graph: toggle ownership edges',
    section: 'Graph',
    run: () => useGraphStore.getState().setShowOwnership(!useGraphStore.getState().showOwnership),
  },
  { id: 'service-panel', title: 'Show selected service', section: 'Graph', shortcut: 'S', run: () => shell().setTab('service') },
  { id: 'tasks', title: 'Tasks: show tasks', section: 'Tasks', shortcut: 'T', run: () => shell().setTab('tasks') },
  {
    id: 'new-task',
    title: 'Tasks: create a task',
    section: 'Tasks',
    shortcut: 'N',
    run: () => {
      shell().setTab('tasks');
      shell().requestFocus('new-task');
    },
  },
  {
    id: 'mine',
    title: 'Tasks: toggle "assigned to me"',
    section: 'Tasks',
    shortcut: 'M',
    run: () => {
      shell().setTab('tasks');
      useTasksStore.getState().setMineOnly(!useTasksStore.getState().mineOnly);
    },
  },
  { id: 'timeline', title: 'Timeline: show journal timeline', section: 'Timeline', shortcut: 'L', run: () => shell().setTab('timeline') },
  {
    id: 'timeline-clear',
    title: 'Timeline: clear filters',
    section: 'Timeline',
    run: ({ client }) => {
      shell().setTab('timeline');
      void useTimelineStore.getState().setFilter(client, { kind: null, author: null });
    },
  },
  { id: 'incidents', title: 'Incidents: show incidents', section: 'Incidents', shortcut: 'I', run: () => shell().setTab('incidents') },
  { id: 'command', title: 'Command: ICS roles, handover, operational period', section: 'Command', shortcut: 'C', run: () => shell().setTab('command') },
  { id: 'actions', title: 'Actions: approvals inbox, request an action, outbox', section: 'Actions', shortcut: 'A', run: () => shell().setTab('actions') },
  { id: 'playbooks', title: 'Playbooks: run playbook…', section: 'Playbooks', shortcut: 'B', run: () => showPlaybooks({ kind: 'list' }) },
  { id: 'ics-briefing', title: 'Command: ICS 201 briefing (Markdown)', section: 'Command', run: () => showIcsDocument('briefing') },
  { id: 'ics-iap', title: 'Command: incident action plan (Markdown)', section: 'Command', run: () => showIcsDocument('iap') },
  { id: 'ics-status', title: 'Command: status summary (ICS 209)', section: 'Command', run: () => showIcsDocument('status') },
  {
    id: 'open-incident',
    title: 'Incidents: open a new incident',
    section: 'Incidents',
    shortcut: 'O',
    run: () => {
      shell().setTab('incidents');
      shell().requestFocus('new-incident');
    },
  },
  {
    id: 'catalog-import',
    title: 'Catalog: import Backstage catalog-info.yaml files…',
    section: 'Graph',
    run: () => useCatalogImportStore.getState().setOpen(true),
  },
  { id: 'peers', title: 'Sync: peers (status, add, remove)…', section: 'Sync', shortcut: 'P', run: () => useSyncStore.getState().setDialogOpen(true) },
  {
    id: 'exercise',
    title: 'Exercise: banner, injects, facilitator controls, report',
    section: 'Exercise',
    shortcut: 'X',
    run: () => shell().setTab('exercise'),
  },
  {
    id: 'resolve-incident',
    title: 'Incidents: resolve the current incident…',
    section: 'Incidents',
    run: () => shell().setTab('incidents'),
  },
];

function markCommand(status: ServiceStatus): Command {
  return {
    id: `mark-${status}`,
    title: `Mark selected service ${STATUS_LOOK[status].label.toLowerCase()}`,
    section: 'Graph',
    run: ({ client, state }) => {
      const selected = useGraphStore.getState().selected;
      if (selected?.type !== 'service') {
        shell().setTab('service');
        return;
      }
      const incident = currentIncident(state, shell().incident);
      void appendEntry(client, 'service.status', {
        service: selected.id,
        status,
        reason: '',
        incident: incident !== null && incident.status !== 'resolved' ? incident.id : null,
      });
    },
  };
}

/** All commands for the current workspace: the fixed ones plus one per team and per incident. */
export function allCommands(state: WorkspaceState | null): Command[] {
  const teams: Command[] =
    state === null
      ? []
      : Object.values(state.teams)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((t) => ({ id: `team-${t.id}`, title: `Graph: show only team ${t.name}`, section: 'Graph', run: () => useGraphStore.getState().setTeam(t.id) }));
  const incidents: Command[] = sortedIncidents(state).map((i) => ({
    id: `incident-${i.id}`,
    title: `Incidents: focus "${i.title}" (${i.status})`,
    section: 'Incidents',
    run: () => {
      shell().pickIncident(i.id);
      shell().setTab('tasks');
    },
  }));
  return [...staticCommands, ...SERVICE_STATUSES.map(markCommand), ...teams, ...incidents, ...playbookCommands(state)];
}

export function filterCommands(commands: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => `${c.title} ${c.section}`.toLowerCase().includes(w)));
}
