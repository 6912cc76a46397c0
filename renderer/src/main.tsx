import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { apiUrlFromLocation, WsApiClient } from './api';

// Composition root of the page: picks the transport. In a browser that is
// the WebSocket of `commandpost serve`; the Electron preload transport will
// be chosen here too, never inside a component.
const client = new WsApiClient({ url: apiUrlFromLocation(window.location) });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
