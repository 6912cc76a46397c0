import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { apiUrlFromLocation, WsApiClient } from './api';
import { IpcApiClient } from './api/ipcClient';

// Composition root of the page: picks the transport, here and never inside a
// component. Inside the Electron shell the preload has put its bridge on
// window.commandpost (IPC to the main process); in a browser there is none,
// and the page talks to `commandpost serve` over its WebSocket.
const client = window.commandpost ? new IpcApiClient(window.commandpost) : new WsApiClient({ url: apiUrlFromLocation(window.location) });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
