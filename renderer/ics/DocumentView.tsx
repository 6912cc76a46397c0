import { useMemo } from 'react';
import {
  actionPlanMarkdown,
  actionPlanOf,
  briefingMarkdown,
  briefingOf,
  orgChart,
  orgChartMarkdown,
  statusSummaryMarkdown,
  statusSummaryOf,
} from '../../shared/ics';
import type { WorkspaceState } from '../../shared/state';
import { useNow } from '../shell';
import { useCommandStore, type IcsDocument } from './store';

// An ICS document as Markdown, generated here from the state with the same
// pure functions the CLI uses (so both give the same text), shown as text
// (never as HTML: it holds what members wrote) with a download link.

const TITLES: Record<IcsDocument, { title: string; file: string }> = {
  briefing: { title: 'ICS 201 briefing', file: 'ics-201-briefing.md' },
  iap: { title: 'Incident action plan', file: 'incident-action-plan.md' },
  status: { title: 'Status summary (ICS 209)', file: 'status-summary.md' },
  org: { title: 'Organisation chart (ICS 207)', file: 'ics-207-org-chart.md' },
};

export function documentMarkdown(state: WorkspaceState, incident: string, doc: IcsDocument, now: number): string {
  if (doc === 'briefing') return briefingMarkdown(briefingOf(state, incident));
  if (doc === 'iap') return actionPlanMarkdown(actionPlanOf(state, incident));
  if (doc === 'status') return statusSummaryMarkdown(statusSummaryOf(state, incident, now));
  return orgChartMarkdown(orgChart(state, incident), state.incidents[incident]?.title);
}

export function DocumentView({ state, incident, doc }: { state: WorkspaceState; incident: string; doc: IcsDocument }) {
  // Only the status summary reads the time, and only to the minute.
  const now = useNow(60_000);
  const markdown = useMemo(() => documentMarkdown(state, incident, doc, now), [state, incident, doc, now]);
  const { title, file } = TITLES[doc];
  return (
    <section className="ics-document" aria-label={title}>
      <div className="button-row">
        <h3>{title}</h3>
        <a className="button" href={`data:text/markdown;charset=utf-8,${encodeURIComponent(markdown)}`} download={file}>
          Download {file}
        </a>
        <button type="button" onClick={() => useCommandStore.getState().showDoc(null)}>
          Close
        </button>
      </div>
      <pre className="markdown" data-testid="ics-markdown">
        {markdown}
      </pre>
    </section>
  );
}
