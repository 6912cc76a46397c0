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

/**
 * One journal entry kind: its body schema, who may write it and how it folds
 * into state. apply() returns a reason to reject, or nothing; it must not
 * change the state when it rejects.
 */
export interface KindSpec<Body = unknown> {
  readonly kind: string;
  readonly body: z.ZodType<Body>;
  /** Roles allowed to write this kind; 'genesis' for the one entry that founds a workspace. */
  readonly roles: readonly Role[] | 'genesis';
  readonly apply: (state: WorkspaceState, body: Body, ctx: ApplyContext) => string | void;
}

export function defineKind<S extends z.ZodType>(spec: {
  kind: string;
  body: S;
  roles: readonly Role[] | 'genesis';
  apply: (state: WorkspaceState, body: z.output<S>, ctx: ApplyContext) => string | void;
}): KindSpec<z.output<S>> & { readonly body: S } {
  // S is a schema whose output is z.output<S>; TypeScript cannot see that through the generic.
  return spec as KindSpec<z.output<S>> & { readonly body: S };
}
