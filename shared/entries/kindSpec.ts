import type { z } from 'zod';
import type { Hasher } from '../journal/crypto';
import type { Header } from '../journal/format';
import type { WorkspaceState } from '../state/state';
import type { Role } from './roles';

/** What a fold function knows about the entry it applies. */
export interface ApplyContext {
  readonly id: string;
  readonly header: Header;
  readonly author: string;
  /** The entry's HLC wall time: the time the domain sees. */
  readonly at: number;
  readonly hasher: Hasher;
}

/** What a kind's describe() may ask of the workspace: names for keys and ids. */
export interface DescribeContext {
  /** A member's name (or a short key). */
  who(key: string): string;
  /** A task's title (or a short id). */
  task(id: string): string;
  /** An action's summary, from the projection or else its request entry. */
  action(id: string): string;
}

/** Where a kind's entries stand in a report: setting up the workspace, a decision someone made, or an event of the response. */
export type ReportRole = 'setup' | 'decision' | 'event';

/**
 * One journal entry kind: its body schema, who may write it, how it folds
 * into state, and how a report words it. apply() returns a reason to reject,
 * or nothing; it must not change the state when it rejects.
 */
export interface KindSpec<Body = unknown, K extends string = string> {
  readonly kind: K;
  readonly body: z.ZodType<Body>;
  /** Roles allowed to write this kind; 'genesis' for the one entry that founds a workspace. */
  readonly roles: readonly Role[] | 'genesis';
  readonly apply: (state: WorkspaceState, body: Body, ctx: ApplyContext) => string | void;
  /** One human line for timelines and reports ("marked redis down: OOM"); without it, the kind's name. */
  readonly describe?: (body: Body, ctx: DescribeContext) => string;
  /** Default 'event'. Setup entries are left out of a report's timeline; decisions are listed apart. */
  readonly report?: ReportRole;
}

/** Declare a kind; its name is kept as a literal type, so the catalogue derives every type from the declarations. */
export function defineKind<const K extends string, S extends z.ZodType>(spec: {
  kind: K;
  body: S;
  roles: readonly Role[] | 'genesis';
  apply: (state: WorkspaceState, body: z.output<S>, ctx: ApplyContext) => string | void;
  describe?: (body: z.output<S>, ctx: DescribeContext) => string;
  report?: ReportRole;
}): KindSpec<z.output<S>, K> & { readonly body: S } {
  // S is a schema whose output is z.output<S>; TypeScript cannot see that through the generic.
  return spec as KindSpec<z.output<S>, K> & { readonly body: S };
}

/** "title", or "?" for a missing one: how describe() quotes names. */
export const quote = (s: string | null | undefined): string => `"${s ?? '?'}"`;

/** ": text" when there is a text, else nothing: how describe() appends an optional reason or comment. */
export const suffix = (s: string | null | undefined): string => (s ? `: ${s}` : '');
