import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { store } from './store';
import { wireConnection } from './connection/wire';
import { initI18n } from './i18n';
import { App } from './App';
import './styles.css';

initI18n(store);
// A recording opened with ?offline (or imported later) needs no server.
if (!new URLSearchParams(window.location.search).has('offline')) wireConnection(store);
else store.getState().setStatus('offline');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
