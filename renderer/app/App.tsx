import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiClient } from '../../shared/api';
import { ActionsPanel, useDesktopNotices } from '../approvals';
import { CatalogImportDialog } from '../catalog';
import type { Clock } from '../../shared/clock';
import { GraphView, ServicePanel } from '../graph';
import { IncidentHeader, IncidentsList } from '../incidents';
import { CommandPalette } from '../palette';
import { CommandPanel } from '../ics';
import { ExerciseBanner, ExercisePanel } from '../exercise';
import { PlaybooksPanel } from '../playbook';
import { ClockProvider, ErrorBoundary, systemClock, TabStrip, useShellStore, type SideTab, type TabSpec } from '../shell';
import { EquivocationBanner, PeersDialog, SyncProgress, useSyncStatus } from '../sync';
import { TasksPanel } from '../tasks';
import { TimelineView } from '../timeline';
import { selectError, useWorkspaceStore } from '../workspace';
import { ApiProvider, useApi } from '../api';
import { useLiveSync } from './useLiveSync';

// In priority order: when the side panel is too narrow for all of them, the
// last ones go into the "More" menu first (the active tab always stays shown).
const TABS: TabSpec<SideTab>[] = [
  { id: 'service', label: 'Selection', key: 'S' },
  { id: 'tasks', label: 'Tasks', key: 'T' },
  { id: 'timeline', label: 'Timeline', key: 'L' },
  { id: 'actions', label: 'Actions', key: 'A' },
  { id: 'incidents', label: 'Incidents', key: 'I' },
  { id: 'command', label: 'Command', key: 'C' },
  { id: 'playbooks', label: 'Playbooks', key: 'B' },
  { id: 'exercise', label: 'Exercise', key: 'X' },
];

function SidePanel() {
  const tab = useShellStore((s) => s.tab);
  return (
    <aside className="side-panel" aria-label="Details">
      <TabStrip tabs={TABS} active={tab} onSelect={(id) => useShellStore.getState().setTab(id)} controls="side-tabpanel" />
      <div role="tabpanel" id="side-tabpanel" aria-labelledby={`tab-${tab}`} className="tabpanel">
        <ErrorBoundary area={`the ${tab} panel`} key={tab}>
          {tab === 'service' && <ServicePanel />}
          {tab === 'tasks' && <TasksPanel />}
          {tab === 'timeline' && <TimelineView />}
          {tab === 'incidents' && <IncidentsList />}
          {tab === 'command' && <CommandPanel />}
          {tab === 'actions' && <ActionsPanel />}
          {tab === 'playbooks' && <PlaybooksPanel />}
          {tab === 'exercise' && <ExercisePanel />}
        </ErrorBoundary>
      </div>
    </aside>
  );
}

function ErrorBanner() {
  const error = useWorkspaceStore(selectError);
  if (error === null) return null;
  return (
    <div role="alert" className="error-banner" data-testid="error-banner">
      {error}
      <button type="button" aria-label="Dismiss" onClick={() => useWorkspaceStore.getState().setError(null)}>
        ✕
      </button>
    </div>
  );
}

function Console() {
  useLiveSync();
  useDesktopNotices();
  useSyncStatus(useApi());
  const { theme } = useShellStore(useShallow((s) => ({ theme: s.theme })));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app" data-theme={theme}>
      <ErrorBoundary area="the incident header">
        <IncidentHeader />
      </ErrorBoundary>
      <ErrorBoundary area="the exercise banner">
        <ExerciseBanner />
      </ErrorBoundary>
      <ErrorBanner />
      <ErrorBoundary area="peer sync">
        <EquivocationBanner />
        <SyncProgress />
      </ErrorBoundary>
      <main className="workspace">
        <ErrorBoundary area="the graph">
          <GraphView />
        </ErrorBoundary>
        <SidePanel />
      </main>
      <ErrorBoundary area="the command palette">
        <CommandPalette />
      </ErrorBoundary>
      <ErrorBoundary area="the peers dialog">
        <PeersDialog />
      </ErrorBoundary>
      <ErrorBoundary area="the catalog import">
        <CatalogImportDialog />
      </ErrorBoundary>
    </div>
  );
}

export function App({ client, clock = systemClock }: { client: ApiClient; clock?: Clock }) {
  return (
    <ErrorBoundary area="the console">
      <ApiProvider client={client}>
        <ClockProvider clock={clock}>
          <Console />
        </ClockProvider>
      </ApiProvider>
    </ErrorBoundary>
  );
}
