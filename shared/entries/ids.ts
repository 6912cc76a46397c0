import { z } from 'zod';

/** Slugs name catalog things (services, teams) so imports and humans can refer to them. */
export const Slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case slug (a-z, 0-9, ".", "_", "-")');

/** Incidents, tasks and notes are named by the id of the entry that created them. */
export const EntryRef = z.string().regex(/^[0-9a-f]{64}$/, 'expected an entry id (64 hex digits)');

export const MemberKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a member public key (43 base64url chars)');

export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().max(20_000);
/** A point in time, in milliseconds since the Unix epoch. */
export const EpochMs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const KindRef = z
  .string()
  .max(64)
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/);
