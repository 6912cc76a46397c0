import { z } from 'zod';

export const ROLES = ['admin', 'commander', 'approver', 'responder', 'observer', 'facilitator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Everyone who takes part in the response (observers only watch). */
export const PARTICIPANTS: readonly Role[] = ['admin', 'commander', 'approver', 'responder', 'facilitator'];
/** Who runs an incident. */
export const COMMAND: readonly Role[] = ['admin', 'commander'];
/** Who works an incident hands-on. */
export const RESPONDERS: readonly Role[] = ['admin', 'commander', 'responder'];
