import { useState, type FormEvent } from 'react';
import { orgChart, POSITION_TITLES, type OrgNode } from '../../shared/ics';
import { ICS_STAFF_ROLES, type IcsRole, type WorkspaceState } from '../../shared/state';
import { useApi } from '../api';
import { appendEntry } from '../workspace';

// ICS 207 chart as a nested list, with release buttons and an assign form.

const ROLES: readonly IcsRole[] = ['commander', ...ICS_STAFF_ROLES];

function Position({ node, incident, canRelease }: { node: OrgNode; incident: string; canRelease: boolean }) {
  const client = useApi();
  return (
    <li data-testid="org-position" data-role={node.role}>
      <strong>{node.title}</strong>:{' '}
      {node.people.length === 0 ? (
        <span className="muted">vacant</span>
      ) : (
        node.people.map((p) => (
          <span key={p.key} className="org-person">
            {p.name}
            {canRelease && (
              <button
                type="button"
                className="link"
                aria-label={`Release ${p.name} from ${node.title}`}
                onClick={() => void appendEntry(client, 'ics.release', { incident, role: node.role, member: p.key })}
              >
                ✕
              </button>
            )}{' '}
          </span>
        ))
      )}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Position key={c.role} node={c} incident={incident} canRelease={canRelease} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function OrgChartView({ state, incident, canDirect }: { state: WorkspaceState; incident: string; canDirect: boolean }) {
  const client = useApi();
  const chart = orgChart(state, incident);
  const [role, setRole] = useState<IcsRole>('operations');
  const [member, setMember] = useState('');
  const members = Object.values(state.members)
    .filter((m) => m.active)
    .sort((a, b) => a.name.localeCompare(b.name));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (member !== '') void appendEntry(client, 'ics.assign', { incident, role, member });
  };
  return (
    <section aria-label="Organisation chart">
      <ul className="org-chart">
        <Position node={chart.root} incident={incident} canRelease={canDirect} />
      </ul>
      {canDirect && (
        <form className="inline-form" aria-label="Assign an ICS role" onSubmit={submit}>
          <select aria-label="ICS role" value={role} onChange={(e) => setRole(e.target.value as IcsRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {POSITION_TITLES[r]}
              </option>
            ))}
          </select>
          <select aria-label="Person" value={member} onChange={(e) => setMember(e.target.value)}>
            <option value="">Choose a person…</option>
            {members.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="submit">Assign</button>
        </form>
      )}
    </section>
  );
}
