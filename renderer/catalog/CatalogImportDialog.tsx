import { useState } from 'react';
import type { ResultOf } from '../../shared/api';
import { useApi } from '../api';
import { useCatalogImportStore } from './store';

// Import Backstage catalog-info.yaml files from the console (issue 7): the
// files are read here and their text sent to the core, which parses them as
// `commandpost catalog import` does. A preview first lists what would be
// appended; importing again appends nothing; any problem names file and line
// and nothing is written.

type Report = ResultOf<'catalog:import'>;

/** A picked file's text (FileReader: what every engine the console runs in has). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsText(file);
  });
}

export function CatalogImportDialog() {
  const client = useApi();
  const open = useCatalogImportStore((s) => s.open);
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) return null;
  const close = () => {
    useCatalogImportStore.getState().setOpen(false);
    setFiles([]);
    setReport(null);
    setProblem(null);
  };
  const pick = async (list: FileList | null) => {
    const picked = await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await readText(f) })));
    setFiles(picked);
    setReport(null);
    setProblem(null);
  };
  const run = async (dryRun: boolean) => {
    setBusy(true);
    const result = await client.call('catalog:import', { files, dryRun });
    setBusy(false);
    if (result.ok) {
      setReport(result.value);
      setProblem(null);
    } else {
      setReport(null);
      setProblem(result.error.message);
    }
  };
  const c = report?.counts;
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Import Backstage catalog"
        className="palette peers-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2>Import Backstage catalog</h2>
        <p className="muted small">
          catalog-info.yaml files: Components, Resources, APIs and Systems become services, Groups become teams. Only what differs from the graph is journaled;
          other kinds are reported and skipped.
        </p>
        <input type="file" multiple accept=".yaml,.yml" aria-label="Backstage files" onChange={(e) => void pick(e.target.files)} />
        <div className="button-row">
          <button type="button" disabled={busy || files.length === 0} onClick={() => void run(true)}>
            Preview import
          </button>
          <button type="button" disabled={busy || files.length === 0} onClick={() => void run(false)}>
            Import
          </button>
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
        {problem !== null && (
          <pre role="alert" className="markdown error" data-testid="catalog-import-error">
            {problem}
          </pre>
        )}
        {report !== null && c !== undefined && (
          <div data-testid="catalog-import-report">
            <p>
              Read {report.files.length} file(s): {report.imported} entities. {report.dryRun ? 'Would append' : 'Appended'}{' '}
              {report.dryRun ? report.changes.length : report.appended} entries ({c.teams} team(s), {c.services} service(s), {c.edgesAdded} edge(s) added,{' '}
              {c.edgesRemoved} removed).
              {report.changes.length === 0 && ' The graph already matches these files.'}
            </p>
            {report.dryRun && report.changes.length > 0 && (
              <ul className="small">
                {report.changes.slice(0, 200).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
            {report.skipped.length > 0 && (
              <>
                <h3>Skipped</h3>
                <ul className="small">
                  {report.skipped.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </>
            )}
            {report.notes.length > 0 && (
              <>
                <h3>Notes</h3>
                <ul className="small">
                  {report.notes.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
