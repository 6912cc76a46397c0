import { SECRET_STORE_FIXES, SecretStoreError, type SecretStore } from '../identity';
import type { SecretAnswerMessage, SecretOp, SecretRequestMessage } from './portProtocol';

// Electron's safeStorage exists only in Electron's main process, while the
// core (and with it the device key's use) runs in a utility process. keytar
// and the passphrase file work in the utility process itself; for
// safeStorage the core asks the main process over its port, which runs the
// real SafeStorageStore (main/identity) and answers. The secret crosses only
// that port, between two processes of the same app.

type Send = (request: SecretRequestMessage) => void;

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** The core's side: a SecretStore named 'safeStorage' whose work is done by the main process. */
export class RemoteSecretStore implements SecretStore {
  readonly name = 'safeStorage' as const;
  readonly description = 'Electron safeStorage (through the app’s main process)';
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: string | boolean | null) => void; reject: (err: Error) => void }>();

  constructor(private readonly send: Send) {}

  /** Hand an answer from the main process to the call waiting for it. */
  answered(message: SecretAnswerMessage): void {
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.pending.delete(message.id);
    if (message.result.ok) waiting.resolve(message.result.value);
    else waiting.reject(new SecretStoreError('safeStorage', message.result.message, SECRET_STORE_FIXES.safeStorage));
  }

  /** The main process is gone: nothing it was asked will be answered. */
  abandon(reason: string): void {
    for (const waiting of this.pending.values()) waiting.reject(new SecretStoreError('safeStorage', reason, ''));
    this.pending.clear();
  }

  private ask(op: SecretOp, account: string, value?: string): Promise<string | boolean | null> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'secret', id, op, account, ...(value !== undefined ? { value } : {}) });
    });
  }

  async probe(): Promise<string | null> {
    try {
      const reason = await this.ask('probe', '');
      return typeof reason === 'string' ? reason : null;
    } catch (err) {
      return firstLine(err);
    }
  }

  async get(account: string): Promise<string | null> {
    const value = await this.ask('get', account);
    return typeof value === 'string' ? value : null;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.ask('set', account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return (await this.ask('delete', account)) === true;
  }
}

/** The main process's side: run one request against the real store; never throws (a failure is the answer). */
export async function answerSecretRequest(store: SecretStore, request: SecretRequestMessage): Promise<SecretAnswerMessage> {
  try {
    let value: string | boolean | null;
    if (request.op === 'probe') value = await store.probe();
    else if (request.op === 'get') value = await store.get(request.account);
    else if (request.op === 'delete') value = await store.delete(request.account);
    else if (request.value === undefined) throw new Error(`set ${request.account}: no secret given`);
    else {
      await store.set(request.account, request.value);
      value = null;
    }
    return { type: 'secret', id: request.id, result: { ok: true, value } };
  } catch (err) {
    return { type: 'secret', id: request.id, result: { ok: false, message: firstLine(err) } };
  }
}
