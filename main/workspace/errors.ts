/** A command was refused by the domain rules; nothing was written. */
export class EntryRefusedError extends Error {
  constructor(
    readonly kind: string,
    readonly reason: string,
  ) {
    super(`${kind} refused: ${reason}`);
    this.name = 'EntryRefusedError';
  }
}

export class WorkspaceError extends Error {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`workspace ${dir}: ${reason}`);
    this.name = 'WorkspaceError';
  }
}
