import { parseSyncFrame, type FrameParse, type TokenBucket } from '../../shared/sync';
import type { LinkFrame } from './link';
import type { SyncLimits } from './limits';

/**
 * The front door of a session: every frame a peer sends is counted against
 * its rate, must be text, within the size limit, and parse as a sync frame.
 * Nothing else gets in; the failure names what was wrong.
 */
export function screenFrame(frame: LinkFrame, bucket: TokenBucket, limits: SyncLimits): FrameParse {
  if (!bucket.take()) return { ok: false, code: 'rate-limited', message: `more than ${limits.ratePerSecond} frames/s (burst ${limits.rateBurst})` };
  if (frame.kind === 'binary') return { ok: false, code: 'binary-frame', message: `binary frame of ${frame.bytes} bytes; sync frames are JSON text` };
  return parseSyncFrame(frame.text, frame.bytes);
}
