import { useShallow } from 'zustand/react/shallow';
import { commandersOf, icsOf } from '../../shared/state';
import { useApi } from '../api';
import { useShellStore } from '../shell';
import { appendEntry, currentIncident, memberName, useWorkspaceStore } from '../workspace';
import { DocumentView } from './DocumentView';
import { HandoverSection } from './HandoverSection';
import { OrgChartView } from './OrgChartView';
import { PeriodSection } from './PeriodSection';
import { useCommandStore, type IcsDocument } from './store';

// The Command panel (issue 8): ICS command of the current incident — who holds
// which position, transfer of command, the operational period — and the ICS
// documents as Markdown. Every change is a journal entry; the fold decides
// whether it stands (a refusal shows in the error banner).

const DOCS: { doc: IcsDocument; label: string }[] = [
  { doc: 'briefing', label: 'Briefing (Markdown)' },
  { doc: 'iap', label: 'Action plan (Markdown)' },
  { doc: 'status', label: 'Status summary' },
  { doc: 'org', label: 'Org chart (Markdown)' },
];

export function CommandPanel() {
  const client = useApi();
  const { state, me } = useWorkspaceStore(useShallow((s) => ({ state: s.state, me: s.session?.me ?? null })));
  const picked = useShellStore((s) => s.incident);
  const doc = useCommandStore((s) => s.doc);
  const incident = currentIncident(state, picked);
  if (state === null) return null;
  if (incident === null) return <p className="panel-body muted">Open an incident to set up its command.</p>;
  const ics = icsOf(state, incident.id);
  const commanders = commandersOf(state, incident);
  const isAdmin = me !== null && state.members[me]?.roles.includes('admin') === true;
  const isCommander = me !== null && commanders.includes(me);
  const live = incident.status !== 'resolved';
  return (
    <div className="panel-body command-panel">
      <h2>Command · {incident.title}</h2>
      <p data-testid="commanders">
        {ics.unified ? 'Unified command' : 'Incident commander'}: {commanders.length === 0 ? 'nobody' : commanders.map((c) => memberName(state, c)).join(', ')}
        {live && (isCommander || isAdmin) && (
          <button type="button" className="link" onClick={() => void appendEntry(client, 'ics.unified', { incident: incident.id, on: !ics.unified })}>
            {ics.unified ? 'Switch unified command off' : 'Switch to unified command'}
          </button>
        )}
      </p>
      <div className="button-row" role="group" aria-label="ICS documents">
        {DOCS.map((d) => (
          <button key={d.doc} type="button" aria-pressed={doc === d.doc} onClick={() => useCommandStore.getState().showDoc(doc === d.doc ? null : d.doc)}>
            {d.label}
          </button>
        ))}
      </div>
      {doc !== null && <DocumentView state={state} incident={incident.id} doc={doc} />}
      <OrgChartView state={state} incident={incident.id} canDirect={live && (isCommander || isAdmin)} />
      {live && <HandoverSection state={state} incident={incident.id} ics={ics} commanders={commanders} me={me} />}
      {live && <PeriodSection state={state} incident={incident.id} ics={ics} isCommander={isCommander} />}
    </div>
  );
}
