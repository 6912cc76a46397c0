import { useEffect, useState } from 'react';
import { generateBriefingText } from './briefingText';
import type { IncidentIcs, WorkspaceState } from '../../shared/state';
import { useApi } from '../api';
import { appendEntry, memberName, sha256Hex } from '../workspace';

// Transfer of command: the commander previews the ICS 201 briefing and offers
// command with its text and hash; the named incoming commander reads that
// exact text (from the offer entry) and accepts, restating the hash.

function OfferForm({ state, incident, commanders }: { state: WorkspaceState; incident: string; commanders: string[] }) {
  const client = useApi();
  const [to, setTo] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const candidates = Object.values(state.members)
    .filter((m) => m.active && !commanders.includes(m.key) && m.roles.some((r) => r === 'commander' || r === 'admin'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const offer = async () => {
    if (preview === null || to === '') return;
    const id = await appendEntry(client, 'ics.handoverOffer', { incident, to, briefing: sha256Hex(preview), markdown: preview });
    if (id !== null) setPreview(null);
  };
  return (
    <div className="stack-form">
      <div className="inline-form">
        <select aria-label="Incoming commander" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">Hand over to…</option>
          {candidates.map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={to === ''} onClick={() => setPreview(generateBriefingText(state, incident))}>
          Hand over command…
        </button>
      </div>
      {preview !== null && (
        <div aria-label="Briefing to hand over">
          <p>This ICS 201 briefing and its SHA-256 are journaled with the offer; command passes when {memberName(state, to)} accepts.</p>
          <pre className="markdown" data-testid="handover-briefing">
            {preview}
          </pre>
          <div className="button-row">
            <button type="button" onClick={() => void offer()}>
              Offer command to {memberName(state, to)}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The briefing text journaled with an offer. */
function useOfferedBriefing(offer: string | null): string | null {
  const client = useApi();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    setText(null);
    if (offer === null) return;
    let live = true;
    void client.call('journal:page', { kinds: ['ics.handoverOffer'], limit: 1000 }).then((r) => {
      const body = r.ok ? r.value.entries.find((e) => e.id === offer)?.body : undefined;
      const markdown = typeof body === 'object' && body !== null && 'markdown' in body ? body.markdown : null;
      if (live) setText(typeof markdown === 'string' ? markdown : null);
    });
    return () => {
      live = false;
    };
  }, [client, offer]);
  return text;
}

export function HandoverSection(props: { state: WorkspaceState; incident: string; ics: IncidentIcs; commanders: string[]; me: string | null }) {
  const { state, incident, ics, commanders, me } = props;
  const client = useApi();
  const pending = ics.handover;
  const briefing = useOfferedBriefing(pending !== null && pending.to === me ? pending.entry : null);
  return (
    <section aria-label="Transfer of command">
      <h3>Transfer of command</h3>
      {pending !== null && (
        <div className="handover-pending" data-testid="handover-pending">
          <p>
            Handover offered by {memberName(state, pending.from)} to {memberName(state, pending.to)}. Briefing sha256 <code>{pending.briefing}</code>
          </p>
          {pending.to === me && (
            <>
              {briefing !== null && (
                <pre className="markdown" data-testid="offered-briefing">
                  {briefing}
                </pre>
              )}
              <button
                type="button"
                onClick={() => void appendEntry(client, 'ics.handoverAccept', { incident, offer: pending.entry, briefing: pending.briefing })}
              >
                Accept command
              </button>
            </>
          )}
        </div>
      )}
      {me !== null && commanders.includes(me) && <OfferForm state={state} incident={incident} commanders={commanders} />}
      {ics.handovers.length > 0 && (
        <ol className="handovers" aria-label="Handovers">
          {ics.handovers.map((h) => (
            <li key={h.entry} data-testid="handover">
              {h.taken ? 'Taken' : 'Handed over'}: {h.from === null ? 'nobody' : memberName(state, h.from)} → {memberName(state, h.to)} at{' '}
              {new Date(h.at).toISOString()}, briefing sha256 <code>{h.briefing}</code>
              {h.reason !== '' && ` (${h.reason})`}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
