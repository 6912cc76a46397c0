import { useEffect } from 'react';
import { useApi } from '../api';
import { useTimelineStore } from '../timeline';
import { useWorkspaceStore } from '../workspace';

/** Wire the client to the stores: first load, live entries from `state:changed` folded in, a snapshot after reconnecting. */
export function useLiveSync(): void {
  const client = useApi();
  useEffect(() => {
    const ws = useWorkspaceStore.getState();
    void ws.loadSession(client);
    void ws.refresh(client);
    let wasOffline = false;
    const offState = client.onStateChanged((event) => {
      useTimelineStore.getState().receive(event.added);
      useWorkspaceStore.getState().receive(client, event);
    });
    const offConnection = client.onConnection((status) => {
      useWorkspaceStore.getState().setConnection(status);
      if (status === 'offline') wasOffline = true;
      if (status === 'online' && wasOffline) {
        wasOffline = false;
        void useWorkspaceStore.getState().refresh(client);
        void useTimelineStore.getState().reload(client);
      }
    });
    return () => {
      offState();
      offConnection();
    };
  }, [client]);
}
