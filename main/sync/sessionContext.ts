import type { Clock } from '../../shared/clock';
import type { Signer, SignatureVerifier } from '../../shared/journal';
import type { SyncEvent } from './events';
import type { SyncLimits } from './limits';
import type { SyncJournal } from './syncJournal';
import type { Timers } from '../clock';

/** What a session is given by its SyncNode: the journal, this device, and the edges it may touch. */
export interface SessionContext {
  journal: SyncJournal;
  signer: Signer;
  verifier: SignatureVerifier;
  clock: Clock;
  timers: Timers;
  limits: SyncLimits;
  randomBytes: (n: number) => Uint8Array;
  emit: (event: SyncEvent) => void;
  /** Whether entries by `author` may go to device `peer` now (an exercise's network partition); all may when absent. */
  mayForward?: (peer: string, author: string) => boolean;
}
