import { parseArgs } from 'node:util';
import { createConnectors, secretAccount, type SecretSource } from '../../connectors';
import { Dispatcher, Outbox, crashHookFromEnv, dedupRule, dispatchJournal, loadDispatchConfig, outboxEntries, outboxLines, previewText } from '../../dispatch';
import { selectSecretStore, type SecretStore } from '../../identity';
import type { Timers } from '../../clock';
import type { Workspace } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { resolveRef, short } from '../resolveRef';
import { systemRandom } from '../../clock';

// `commandpost action preview|dispatch|outbox|rollback`: the executor side
// of actions, composed here from the workspace, this device's dispatch.yaml
// and its SecretStore.

export const dispatchHelp = `commandpost action preview ID            the dry run: what would be sent, secrets masked
commandpost action dispatch [--once]      send what this device executes: --once drains the outbox
    (retries included) and exits; without it, keeps going until Ctrl+C
commandpost action outbox                 this device's outbox: pending, waiting-approval, offline, retrying, failed… and why
commandpost action rollback ID --reason TEXT   undo a succeeded action, where its connector can
  Dispatch options: --config FILE (default: <workspace>/dispatch.yaml), --workspace DIR.`;

const OPTIONS = {
  workspace: { type: 'string' },
  config: { type: 'string' },
  once: { type: 'boolean' },
  reason: { type: 'string' },
} as const;

/** Timers that keep the process alive (the sync ones are unref'd for heartbeats). */
const cliTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** Connector secrets from the device's SecretStore, chosen only when a connector first asks (previews never do). */
export function lazySecrets(ctx: CliContext): SecretSource {
  let store: Promise<SecretStore> | null = null;
  return {
    async get(name) {
      store ??= selectSecretStore(ctx.secretStores(), (m) => ctx.warn(m));
      return (await store).get(secretAccount(name));
    },
  };
}

export function makeDispatcher(ctx: CliContext, ws: Workspace, configFile: string | undefined): Dispatcher {
  const loaded = loadDispatchConfig(ws.dir, configFile);
  return new Dispatcher({
    journal: dispatchJournal(ws),
    outbox: new Outbox(ws.store.db),
    connectors: createConnectors(loaded.connectors),
    secrets: lazySecrets(ctx),
    clock: ctx.clock,
    timers: cliTimers,
    // Jitter only; nothing here needs to be unpredictable.
    random: systemRandom,
    retry: loaded.retry,
    timeoutMs: loaded.config.timeoutMs,
    deduplicates: dedupRule(loaded.config),
    log: (line) => ctx.out(line),
    afterSend: crashHookFromEnv(ctx.io.env),
  });
}

function actionId(ws: Workspace, ref: string | undefined): string {
  return resolveRef('action', ref ?? '', Object.keys(ws.state.actions ?? {}));
}

export async function dispatchCommand(ctx: CliContext, sub: string, rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (sub === 'outbox' || sub === 'preview') {
    const ws = ctx.openToRead(values.workspace);
    try {
      if (sub === 'outbox') {
        for (const line of outboxLines(outboxEntries(ws.state, new Outbox(ws.store.db).list(), ctx.clock.now()), ctx.clock.now())) ctx.out(line);
        return 0;
      }
      // The same dispatcher as `dispatch` makes; a preview sends nothing.
      const d = makeDispatcher(ctx, ws, values.config);
      const id = actionId(ws, positionals[0]);
      ctx.out(`Preview of action ${short(id)} (dry run; nothing is sent):`);
      for (const line of previewText(d.preview(id)).split('\n')) ctx.out(`  ${line}`);
      return 0;
    } finally {
      ws.close();
    }
  }
  const ws = await ctx.openAsMe(values.workspace);
  try {
    const d = makeDispatcher(ctx, ws, values.config);
    if (sub === 'rollback') {
      if (!values.reason) throw new UsageError('action rollback needs --reason: why it is being undone');
      const r = await d.rollback(actionId(ws, positionals[0]), values.reason);
      ctx.out(r.ok ? `Rolled back: ${r.message}` : `Rollback failed: ${r.message}`);
      return r.ok ? 0 : 1;
    }
    if (values.once) {
      const pass = await d.drain();
      ctx.out(
        `Dispatched ${pass.sent.length} action(s)${pass.unknown.length > 0 ? `; ${pass.unknown.length} with an unknown outcome (a human must check)` : ''}.`,
      );
      for (const line of outboxLines(outboxEntries(ws.state, new Outbox(ws.store.db).list(), ctx.clock.now()), ctx.clock.now())) ctx.out(line);
      return 0;
    }
    ctx.out(`Dispatching for ${short(ws.me ?? '')} (Ctrl+C to stop)…`);
    d.start();
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    d.stop();
    return 0;
  } finally {
    ws.close();
  }
}
