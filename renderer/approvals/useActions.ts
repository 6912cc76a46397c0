import { useEffect } from 'react';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';
import { useActionsStore } from './store';

/** Expiry and retries change what the panel says without any new entry: look again this often. */
export const ACTIONS_REFRESH_MS = 10_000;

/**
 * Keep the Actions panel's data current while it is shown: refetch when the
 * actions, policies or roster in the projection change (structural sharing
 * keeps those slices' identity when nothing in them changed), and on a slow
 * timer for approval expiry and the outbox's retries.
 */
export function useActions(): void {
  const client = useApi();
  const actions = useWorkspaceStore((s) => s.state?.actions);
  const policies = useWorkspaceStore((s) => s.state?.policies);
  const members = useWorkspaceStore((s) => s.state?.members);
  useEffect(() => {
    void useActionsStore.getState().refresh(client);
  }, [client, actions, policies, members]);
  useEffect(() => {
    const timer = setInterval(() => void useActionsStore.getState().refresh(client), ACTIONS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);
}
