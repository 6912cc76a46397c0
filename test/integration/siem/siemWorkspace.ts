import { join } from 'node:path';
import type { Signer } from '../../../shared/journal';
import { verifyEntry, type WireEntry } from '../../../shared/journal';
import { systemClock } from '../../../main/clock';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { JournalStore } from '../../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { tempDir } from '../../support/demoWorkspace';
import type { Receiver } from './receivers';

/** A workspace of `notes` notes (plus genesis and roster), some of them redacted; closed, ready for a forwarder. */
export function siemWorkspace(notes: number, redact = 3): { dir: string; signer: Signer; seed: string; redacted: string[] } {
  const dir = join(tempDir('cp-siem-'), 'ws');
  const { seed } = generateKeyPair();
  const signer = signerFromSeed(seed);
  const ws = Workspace.create({ dir, name: 'SIEM test', creatorName: 'Alex Admin', signer, clock: systemClock });
  const made: string[] = [];
  for (let i = 0; i < notes; i += 500) {
    const drafts = Array.from({ length: Math.min(500, notes - i) }, (_, k) => ({
      kind: 'note.add' as const,
      body: { text: `note ${i + k}: checked the EU queue` },
    }));
    made.push(...ws.appendMany(drafts).map((e) => e.id));
  }
  const redacted = made.slice(0, redact);
  for (const target of redacted) ws.append('journal.redact', { target, targetKind: 'note.add', reason: 'personal data' });
  ws.close();
  return { dir, signer, seed, redacted };
}

export function appendNotes(dir: string, signer: Signer, count: number, label: string): string[] {
  const ws = Workspace.open({ dir, clock: systemClock, signer });
  try {
    const drafts = Array.from({ length: count }, (_, k) => ({ kind: 'note.add' as const, body: { text: `${label} ${k}` } }));
    return ws.appendMany(drafts).map((e) => e.id);
  } finally {
    ws.close();
  }
}

/** Every entry id in the journal, in storage order. */
export function journalIds(dir: string): string[] {
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  try {
    return [...store.entriesAfterRowid(0)].map((e) => e.id);
  } finally {
    store.close();
  }
}

/** Problems with what a receiver holds: entries that fail the journal's own verifier, or whose attributes disagree with them. */
export function verifyReceived(receiver: Receiver): string[] {
  const problems: string[] = [...receiver.problems];
  for (const r of receiver.accepted) {
    try {
      verifyEntry(nodeCrypto, r.wire as WireEntry);
    } catch (err) {
      problems.push(`${r.wire.id}: ${(err as Error).message}`);
    }
    if (receiver.kind === 'otlp') {
      if (r.attributes['commandpost.entry.id'] !== r.wire.id) problems.push(`${r.wire.id}: id attribute ${r.attributes['commandpost.entry.id']}`);
      if (r.attributes['commandpost.entry.signature'] !== r.wire.sig) problems.push(`${r.wire.id}: signature attribute differs`);
      if (r.attributes['commandpost.entry.seq'] !== String(r.wire.header.seq)) problems.push(`${r.wire.id}: seq attribute differs`);
    }
  }
  return problems;
}
