import { CliContext } from '../../../main/cli/context';
import type { EntryDraft } from '../../../shared/entries';
import { cliSandbox } from '../cli/cliHarness';
import { S3RVER_KEYS } from './s3Server';

export const notes = (n: number, tag: string): EntryDraft[] => Array.from({ length: n }, (_, i) => ({ kind: 'note.add', body: { text: `${tag} ${i}` } }));

/** A CLI sandbox whose device created a demo workspace (234 entries), then `extra` notes; with s3rver's keys in its environment. */
export async function archivedSandbox(extra: number, env: Record<string, string> = S3RVER_KEYS) {
  const cli = cliSandbox(env);
  const init = await cli.run('init', '--demo', '--workspace', cli.workspace);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const ctx = new CliContext({ stdout: () => undefined, stderr: () => undefined, env: cli.env, stdin: null });
  const opened = ctx.openToRead(cli.workspace);
  const id = opened.id;
  opened.close();
  const append = async (n: number, tag: string) => {
    const ws = await ctx.openAsMe(cli.workspace);
    try {
      await ws.appendManyParallel(notes(n, tag));
    } finally {
      ws.close();
    }
  };
  if (extra > 0) await append(extra, 'bulk');
  return { ...cli, id, append };
}
