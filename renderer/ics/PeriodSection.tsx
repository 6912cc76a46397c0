import { useState, type FormEvent } from 'react';
import { OBJECTIVE_LABELS, periodLabel, actionPlanOf } from '../../shared/ics';
import { currentPeriod, type IncidentIcs, type ObjectiveStatus, type WorkspaceState } from '../../shared/state';
import { useApi } from '../api';
import { useNow } from '../shell';
import { appendEntry } from '../workspace';

// The operational period: start one (commander), its ICS 202 objectives with
// owners and status, and the ICS 205 communications plan note.

const STATUSES = Object.keys(OBJECTIVE_LABELS) as ObjectiveStatus[];
const HOUR = 3_600_000;

function StartPeriod({ incident }: { incident: string }) {
  const client = useApi();
  const now = useNow(60_000);
  const [hours, setHours] = useState('4');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const h = Number(hours);
    if (Number.isFinite(h) && h > 0) void appendEntry(client, 'ics.periodStart', { incident, start: now, end: Math.round(now + h * HOUR) });
  };
  return (
    <form className="inline-form" aria-label="Start an operational period" onSubmit={submit}>
      <label>
        Length (hours) <input aria-label="Period length in hours" type="number" min="0.5" step="0.5" value={hours} onChange={(e) => setHours(e.target.value)} />
      </label>
      <button type="submit">Start operational period</button>
    </form>
  );
}

function AddObjective({ state, incident }: { state: WorkspaceState; incident: string }) {
  const client = useApi();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    const id = await appendEntry(client, 'ics.objectiveAdd', { incident, text: text.trim(), owner: owner === '' ? null : owner });
    if (id !== null) setText('');
  };
  return (
    <form className="inline-form" aria-label="Add an objective" onSubmit={(e) => void submit(e)}>
      <input aria-label="Objective" placeholder="New objective" value={text} onChange={(e) => setText(e.target.value)} />
      <select aria-label="Objective owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
        <option value="">No owner</option>
        {Object.values(state.members)
          .filter((m) => m.active)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
      </select>
      <button type="submit">Add objective</button>
    </form>
  );
}

function CommsPlan({ incident, text }: { incident: string; text: string }) {
  const client = useApi();
  const [draft, setDraft] = useState(text);
  return (
    <form
      className="stack-form"
      aria-label="Communications plan"
      onSubmit={(e) => (e.preventDefault(), void appendEntry(client, 'ics.commsPlan', { incident, text: draft }))}
    >
      <textarea aria-label="Communications plan (ICS 205)" rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" disabled={draft === text}>
        Save communications plan
      </button>
    </form>
  );
}

export function PeriodSection({ state, incident, ics, isCommander }: { state: WorkspaceState; incident: string; ics: IncidentIcs; isCommander: boolean }) {
  const client = useApi();
  const plan = actionPlanOf(state, incident);
  const open = currentPeriod(ics);
  return (
    <section aria-label="Operational period">
      <h3>Operational period</h3>
      <p data-testid="period-label">{periodLabel(plan.period)}</p>
      {isCommander && <StartPeriod incident={incident} />}
      {open !== null && (
        <>
          <h4>Objectives (ICS 202)</h4>
          {plan.objectives.length === 0 && <p className="muted">No objectives yet.</p>}
          <ol className="objectives">
            {plan.objectives.map((o) => (
              <li key={o.id} data-testid="objective">
                {o.text} <span className="muted">· {o.owner?.name ?? 'no owner'}</span>{' '}
                <select
                  aria-label={`Status of ${o.text}`}
                  value={o.status}
                  onChange={(e) => void appendEntry(client, 'ics.objectiveUpdate', { incident, objective: o.id, status: e.target.value })}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {OBJECTIVE_LABELS[s]}
                    </option>
                  ))}
                </select>
              </li>
            ))}
          </ol>
          <AddObjective state={state} incident={incident} />
          <h4>Communications plan (ICS 205)</h4>
          <CommsPlan key={open.id} incident={incident} text={open.commsPlan} />
        </>
      )}
    </section>
  );
}
