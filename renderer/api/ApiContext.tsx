import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/api';

// The renderer reaches the core only through this client. Which transport it
// is (WebSocket to `commandpost serve`, or Electron IPC through the preload)
// is decided once in main.tsx; nothing below knows.

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (client === null) throw new Error('useApi() outside <ApiProvider>: the console has no connection to the core');
  return client;
}
