import type { BodyInput, KindName } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import type { WorkspaceState } from '../../shared/state';
import type { ChangeFeed } from './changeFeed';

// What the host's background services (the dispatcher, the playbook runner)
// see of the workspace. The feed replaces its Workspace when another process
// writes, so every read goes to whichever is current, and every append goes
// through the feed: folded, pushed to the UI and to peers like any other.

export type ServiceFeed = Pick<ChangeFeed, 'workspace' | 'append' | 'poll' | 'onChange'>;

export interface FeedJournal {
  readonly state: Readonly<WorkspaceState>;
  /** This device's member key; null when the workspace was opened without an identity. */
  readonly me: string | null;
  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry;
  /** Fold what other processes stored. */
  catchUp(): void;
}

export function feedJournal(feed: ServiceFeed): FeedJournal {
  return {
    get state() {
      return feed.workspace.state;
    },
    get me() {
      return feed.workspace.me;
    },
    append: (kind, body) => feed.append({ kind, body } as Parameters<ServiceFeed['append']>[0]),
    catchUp: () => feed.poll(),
  };
}
