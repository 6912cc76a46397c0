import type { Standing, SyncJournal } from './syncJournal';

/**
 * Whether this side serves a peer. Normally: only current roster members.
 * A device still joining (not yet in its own copy of the roster) cannot tell
 * members from strangers, so it takes verified entries from a peer it does
 * not know yet (everything it stores is still checked against the roster it
 * builds from the genesis) but sends that peer nothing until the roster
 * admits it. Once this device is in the roster itself, a peer still missing
 * from it is a stranger.
 */
export class PeerTrust {
  private receiveOnly = false;

  constructor(
    private readonly journal: SyncJournal,
    private readonly me: string,
  ) {}

  /** At the hello: ok (perhaps receive-only) or why the peer is refused. */
  admit(peer: string): Standing {
    const standing = this.journal.standing(peer);
    if (standing.ok) return standing;
    if (standing.code === 'revoked' || this.journal.standing(this.me).ok) return standing;
    this.receiveOnly = true;
    return { ok: true };
  }

  /** After the roster changed: still ok, or why the peer must now be cut off. */
  recheck(peer: string): Standing {
    const standing = this.journal.standing(peer);
    if (standing.ok) this.receiveOnly = false;
    if (standing.ok || (standing.code === 'not-a-member' && this.receiveOnly && !this.journal.standing(this.me).ok)) return { ok: true };
    return standing;
  }

  mayServe(peer: string): boolean {
    if (this.receiveOnly && this.journal.standing(peer).ok) this.receiveOnly = false;
    return !this.receiveOnly;
  }
}
