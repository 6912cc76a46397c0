import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { Boot } from './AccessDenied';
import { accessCheckFromLocation, apiUrlFromLocation, WsApiClient, IpcApiClient } from '../api';

// Composition root of the page: picks the transport, here and never inside a
// component. Inside the Electron shell the preload has put its bridge on
// window.commandpost (IPC to the main process); in a browser there is none,
// and the page talks to `commandpost serve` over its WebSocket, which can
// refuse the page's token (serve restarted): Boot then shows why.
const ws = window.commandpost
  ? null
  : new WsApiClient({ url: apiUrlFromLocation(window.location), checkAccess: accessCheckFromLocation(window.location, (url, init) => fetch(url, init)) });
const client = window.commandpost ? new IpcApiClient(window.commandpost) : ws;

const root = document.getElementById('root');
if (root && client) {
  createRoot(root).render(
    <StrictMode>
      <Boot client={client} denials={ws} />
    </StrictMode>,
  );
}
