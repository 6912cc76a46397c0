import { z } from 'zod';

// Durations in policy files are written the way people say them ("30m",
// "4h", "1d", "1h30m"), not in milliseconds, so a reviewer reads them at a glance.

const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };
const DURATION = /^(?:\d+[dhms])+$/;

/** Milliseconds of a duration such as "90s", "30m", "4h", "1d" or "1h30m"; null if it is not one. */
export function parseDuration(text: string): number | null {
  if (!DURATION.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return total;
}

/** The largest units first, e.g. 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_MS[unit] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out === '' ? `${ms}ms` : out;
}

/** A duration string in a policy; parsed to milliseconds. At most 30 days: approvals are for incidents, not standing permissions. */
export const DurationSchema = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30m, 4h or 1d, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  if (ms > 30 * DAY_MS) {
    ctx.addIssue({ code: 'custom', message: `${text} is longer than the 30-day limit for an approval` });
    return z.NEVER;
  }
  return ms;
});
