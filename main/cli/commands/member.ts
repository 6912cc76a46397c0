import { parseArgs } from 'node:util';
import { ROLES, RoleSchema } from '../../../shared/entries';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const memberHelp = `commandpost member add --key PUBLIC_KEY --name NAME --role ROLE[,ROLE] [--team TEAM[,TEAM]] [--workspace DIR]
commandpost member revoke PUBLIC_KEY [--reason TEXT] [--workspace DIR]
commandpost member list [--workspace DIR]
  Roles: ${ROLES.join(', ')}. Adding and revoking needs the admin role.`;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function member(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      workspace: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      reason: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'list') {
    const ws = ctx.openToRead(values.workspace);
    try {
      for (const m of Object.values(ws.state.members).sort((a, b) => a.name.localeCompare(b.name))) {
        ctx.out(`${m.active ? 'active ' : 'revoked'}  ${m.name.padEnd(24)} ${m.roles.join(',').padEnd(28)} ${m.teams.join(',').padEnd(16)} ${m.key}`);
      }
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub !== 'add' && sub !== 'revoke') throw new UsageError(memberHelp);
  const ws = await ctx.openAsMe(values.workspace);
  try {
    if (sub === 'add') {
      if (!values.key || !values.name || !values.role) throw new UsageError(`member add needs --key, --name and --role\n${memberHelp}`);
      const roles = list(values.role).map((r) => {
        const parsed = RoleSchema.safeParse(r);
        if (!parsed.success) throw new UsageError(`unknown role ${JSON.stringify(r)}; roles are ${ROLES.join(', ')}`);
        return parsed.data;
      });
      ws.append('roster.memberPut', { member: values.key, name: values.name, roles, teams: list(values.team) });
      ctx.out(`${values.name} is a member with roles ${roles.join(', ')}.`);
    } else {
      const key = positionals[0] ?? values.key;
      if (!key) throw new UsageError(`member revoke needs a public key\n${memberHelp}`);
      ws.append('roster.memberRevoke', { member: key, reason: values.reason ?? '' });
      ctx.out(`Revoked ${ws.state.members[key]?.name ?? key}.`);
    }
  } finally {
    ws.close();
  }
  return 0;
}
