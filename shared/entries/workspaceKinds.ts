import { z } from 'zod';
import { canonicalJson } from '../canonical';
import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import { own } from '../state/state';
import { defineKind } from './kindSpec';
import { MemberKey, ShortText } from './ids';
import { RoleSchema, type Role } from './roles';

export const GenesisBody = z.strictObject({
  name: ShortText,
  creator: MemberKey,
  creatorName: ShortText,
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.number().int().min(0),
});
export type GenesisBody = z.infer<typeof GenesisBody>;

/**
 * A workspace id is derived from its genesis body, and the genesis must be
 * signed by the creator it names, so nobody else can found (or re-found) a
 * workspace with the same id.
 */
export function workspaceIdOf(hasher: Hasher, genesis: GenesisBody): string {
  return toHex(hasher.sha256(utf8(canonicalJson(genesis)))).slice(0, 32);
}

export const genesis = defineKind({
  kind: 'workspace.genesis',
  body: GenesisBody,
  roles: 'genesis',
  report: 'setup',
  apply(state, body, ctx) {
    if (state.workspace !== null) return 'workspace already has a genesis entry';
    if (body.creator !== ctx.author) return 'genesis must be signed by the creator it names';
    if (workspaceIdOf(ctx.hasher, body) !== ctx.header.ws) return 'workspace id does not match the genesis body';
    state.workspace = { id: ctx.header.ws, name: body.name, genesis: ctx.id, createdAt: body.createdAt };
    state.members[ctx.author] = {
      key: ctx.author,
      name: body.creatorName,
      roles: ['admin', 'commander'],
      teams: [],
      active: true,
      since: ctx.at,
      revokedAt: null,
      revokedReason: null,
    };
  },
});

function activeAdmins(members: Record<string, { active: boolean; roles: Role[] }>): number {
  return Object.values(members).filter((m) => m.active && m.roles.includes('admin')).length;
}

export const memberPut = defineKind({
  kind: 'roster.memberPut',
  body: z.strictObject({
    member: MemberKey,
    name: ShortText,
    roles: z.array(RoleSchema).min(1).max(6),
    teams: z.array(z.string().min(1).max(80)).max(50).default([]),
  }),
  roles: ['admin'],
  report: 'setup',
  apply(state, body, ctx) {
    const existing = own(state.members, body.member);
    const roles = [...new Set(body.roles)].sort();
    if (existing?.active && existing.roles.includes('admin') && !roles.includes('admin') && activeAdmins(state.members) <= 1) {
      return 'cannot remove the admin role from the last active admin';
    }
    state.members[body.member] = {
      key: body.member,
      name: body.name,
      roles,
      teams: [...new Set(body.teams)].sort(),
      active: true,
      since: existing?.active ? existing.since : ctx.at,
      revokedAt: null,
      revokedReason: null,
    };
  },
});

export const memberRevoke = defineKind({
  kind: 'roster.memberRevoke',
  body: z.strictObject({ member: MemberKey, reason: z.string().max(2000).default('') }),
  roles: ['admin'],
  report: 'setup',
  apply(state, body, ctx) {
    const member = own(state.members, body.member);
    if (member === undefined || !member.active) return 'member is not active';
    if (member.roles.includes('admin') && activeAdmins(state.members) <= 1) return 'cannot revoke the last active admin';
    member.active = false;
    member.revokedAt = ctx.at;
    member.revokedReason = body.reason;
  },
});
