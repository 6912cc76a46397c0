import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RiskSchema, PolicySchema, evaluate, policyHash, RISKS, type Decision, type PolicyDocument, type Roster } from '../../../shared/approvals';
import { own } from '../../../shared/state';
import { parseYaml, YamlFileError } from '../../catalog';
import { nodeCrypto } from '../../crypto';
import { resourcesDir } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const policyHelp = `commandpost policy check FILE
  Validate a policy file; errors name the file, line and what is wrong.
commandpost policy publish FILE [--workspace DIR]
  Journal the file's exact text and SHA-256 as the policy in force (admin).
commandpost policy show [--workspace DIR]
commandpost policy explain --connector C --operation O --env E --risk ${RISKS.join('|')} [--requester KEY] [--policy FILE] [--workspace DIR]
  Explain what a hypothetical action would need, against the workspace's roster and policy
  (or --policy FILE; without either, the bundled default).`;

const OPTIONS = {
  workspace: { type: 'string' },
  policy: { type: 'string' },
  connector: { type: 'string' },
  operation: { type: 'string' },
  env: { type: 'string' },
  risk: { type: 'string' },
  requester: { type: 'string' },
} as const;

export interface LoadedPolicy {
  file: string;
  text: string;
  hash: string;
  document: PolicyDocument;
}

/** Read and check a policy file; throws YamlFileError with file:line and the reason. */
export function loadPolicyFile(file: string): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new YamlFileError(file, null, `cannot read: ${(err as Error).message}`);
  }
  return { file, text, hash: policyHash(nodeCrypto, text), document: parseYaml(file, text, PolicySchema) };
}

export const bundledPolicyFile = (env: NodeJS.ProcessEnv): string => join(resourcesDir(env), 'policies', 'default.yaml');

/** Lines explaining a decision, indented for the terminal. */
export function decisionLines(d: Decision): string[] {
  const head =
    `Decision: ${d.decision.toUpperCase()}${d.override ? ' (BREAK-GLASS OVERRIDE)' : ''} under ` + `${d.rule === null ? 'the default rule' : `rule ${d.rule}`}`;
  return [head, ...d.reasons.map((r) => `  - ${r}`)];
}

function who(roster: Roster, key: string): string {
  const m = own(roster, key);
  return m === undefined ? key : `${m.name}${m.teams.length > 0 ? ` (${m.teams.join(', ')})` : ''}`;
}

export async function policy(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (sub === 'check' || sub === 'publish') {
    const file = positionals[0];
    if (file === undefined) throw new UsageError(`policy ${sub} needs a FILE\n${policyHelp}`);
    let loaded: LoadedPolicy;
    try {
      loaded = loadPolicyFile(file);
    } catch (err) {
      if (!(err instanceof YamlFileError)) throw err;
      ctx.warn(`${err.message}${sub === 'publish' ? '\nNothing was published; the policy in force is unchanged.' : ''}`);
      return 1;
    }
    if (sub === 'check') {
      ctx.out(
        `${file}: OK: policy "${loaded.document.name}", ${loaded.document.rules.length} rules${loaded.document.default ? ' and a default' : ''}, ` +
          `sha256 ${loaded.hash}`,
      );
      return 0;
    }
    const ws = await ctx.openAsMe(values.workspace);
    try {
      const inForce = ws.state.policies?.current === loaded.hash ? ws.state.policies.versions[loaded.hash] : undefined;
      if (inForce !== undefined) {
        // Publishing again is what a script does to make sure: not an error, and nothing to journal.
        ctx.out(`Policy "${inForce.name}" is already in force as v${inForce.number} (sha256 ${loaded.hash}); nothing published.`);
        return 0;
      }
      ws.append('policy.publish', { text: loaded.text, hash: loaded.hash });
      const v = ws.state.policies?.versions[loaded.hash];
      ctx.out(`Published policy "${loaded.document.name}" as v${v?.number ?? '?'} (sha256 ${loaded.hash}).`);
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub === 'show') {
    const ws = ctx.openToRead(values.workspace);
    try {
      const slice = ws.state.policies;
      const current = slice?.current ?? null;
      if (slice === undefined || current === null) {
        ctx.out('No policy is in force; publish one with `commandpost policy publish FILE`.');
        return 0;
      }
      for (const v of Object.values(slice.versions).sort((a, b) => a.number - b.number)) {
        ctx.out(`${v.hash === current ? '*' : ' '} v${v.number}  ${new Date(v.publishedAt).toISOString()}  ${v.name.padEnd(30)} sha256 ${v.hash}`);
      }
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub !== 'explain') throw new UsageError(policyHelp);
  const { connector, operation, env, risk } = values;
  if (!connector || !operation || !env || !risk) throw new UsageError(`policy explain needs --connector, --operation, --env and --risk\n${policyHelp}`);
  const parsedRisk = RiskSchema.safeParse(risk);
  if (!parsedRisk.success) throw new UsageError(`unknown risk ${JSON.stringify(risk)}; risks are ${RISKS.join(', ')}`);

  const wsDir = ctx.workspaceDir(values.workspace);
  const ws = existsSync(wsDir) ? ctx.openToRead(values.workspace) : null;
  try {
    const roster: Roster = ws?.state.members ?? {};
    const published = ws?.state.policies;
    const current = published?.current ? own(published.versions, published.current) : undefined;
    let source: { name: string; hash: string; document: PolicyDocument; where: string };
    if (values.policy !== undefined || current === undefined) {
      const file = values.policy ?? bundledPolicyFile(ctx.io.env);
      const loaded = loadPolicyFile(file);
      source = { name: loaded.document.name, hash: loaded.hash, document: loaded.document, where: file };
    } else {
      source = { name: current.name, hash: current.hash, document: current.document, where: `workspace, v${current.number}` };
    }
    const requester = values.requester ?? ws?.me ?? '(requester)';
    const action = { connector, operation, environment: env, risk: parsedRisk.data, requester };
    const decision = evaluate({ hash: source.hash, document: source.document }, action, [], roster, ctx.clock.now());
    ctx.out(`Policy "${source.name}" (${source.where}), sha256 ${source.hash.slice(0, 16)}…`);
    ctx.out(`Action: ${connector} ${operation} in ${env} (risk ${parsedRisk.data}), requested by ${who(roster, requester)}`);
    for (const line of decisionLines(decision)) ctx.out(line);
    const roles = decision.missing?.roles;
    if (roles !== undefined) {
      const eligible = Object.entries(roster)
        .filter(([key, m]) => m.active && key !== requester && m.roles.some((r) => roles.includes(r)))
        .map(([key]) => who(roster, key))
        .sort();
      ctx.out(`Who can approve: ${eligible.length > 0 ? eligible.join('; ') : 'nobody in the roster yet'}`);
    }
  } finally {
    ws?.close();
  }
  return 0;
}
