import { useEffect } from 'react';
import type { ApiClient } from '../../shared/api';
import { useWorkspaceStore } from '../workspace';
import { useSyncStore } from './store';

/**
 * Keep the sync store current: load on start and after the page's own link
 * to the core comes back, then follow sync:changed. New equivocation
 * evidence changes the fold without storing a row (no state:changed), so it
 * triggers a state refresh here.
 */
export function useSyncStatus(client: ApiClient): void {
  useEffect(() => {
    void useSyncStore.getState().load(client);
    const offSync = client.onSyncChanged((event) => {
      const before = useSyncStore.getState().status?.equivocations.length ?? 0;
      useSyncStore.getState().setStatus(event.status);
      if (event.status.equivocations.length !== before) void useWorkspaceStore.getState().refresh(client);
    });
    const offConnection = client.onConnection((status) => {
      if (status === 'online') void useSyncStore.getState().load(client);
    });
    return () => {
      offSync();
      offConnection();
    };
  }, [client]);
}
