import { useState, type FormEvent } from 'react';
import type { ExerciseStatus } from '../../shared/api';
import { useApi } from '../api';
import { useExerciseStore } from './store';

// Who plays whom. Casting a device key admits it to the roster with the
// participant's roles and teams: a participant's `commandpost init --join`
// prints the key to paste here. The partitions and the rubric's "by" go by it.

export function CastSection({ status, canCast }: { status: ExerciseStatus; canCast: boolean }) {
  const client = useApi();
  const busy = useExerciseStore((s) => s.busy);
  const [participant, setParticipant] = useState('');
  const [member, setMember] = useState('');
  const [name, setName] = useState('');
  const chosen = participant === '' ? (status.participants[0]?.id ?? '') : participant;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const params = { participant: chosen, member: member.trim(), ...(name.trim() !== '' ? { name: name.trim() } : {}) };
    if (await useExerciseStore.getState().act(client, 'exercises:cast', params)) {
      setMember('');
      setName('');
    }
  };

  return (
    <section aria-label="Participants">
      <h3>Participants</h3>
      <ul className="exercise-cast">
        {status.participants.map((p) => (
          <li key={p.id} data-testid="exercise-participant" data-participant={p.id} data-cast={p.member !== null}>
            <strong>{p.name}</strong>{' '}
            <span className="muted">
              ({p.roles.join(', ')}
              {p.teams.length > 0 ? `; ${p.teams.join(', ')}` : ''})
            </span>{' '}
            — {p.member === null ? <span className="muted">not cast</span> : (p.memberName ?? `${p.member.slice(0, 8)}…`)}
            {status.playing === p.id && <span className="badge">you</span>}
          </li>
        ))}
      </ul>
      {canCast && status.status !== 'ended' && (
        <form className="stack-form" aria-label="Cast a participant" onSubmit={(e) => void submit(e)}>
          <div className="button-row">
            <select aria-label="Participant" value={chosen} onChange={(e) => setParticipant(e.target.value)}>
              {status.participants.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <input
              aria-label="Device key"
              placeholder="Device key (from their `init --join`)"
              value={member}
              onChange={(e) => setMember(e.target.value)}
              required
            />
            <input aria-label="Name" placeholder="Their name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" disabled={busy || member.trim() === ''}>
              Cast
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
