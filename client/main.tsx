import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { store } from './store';
import { wireConnection } from './connection/wire';
import { initI18n } from './i18n';
import { App } from './App';
import './styles.css';

// A recording opened with ?offline (or imported later) needs no server.
if (!new URLSearchParams(window.location.search).has('offline')) {
  wireConnection(store); // importing a recording later parks the live session, still connected
} else store.getState().setStatus('offline');

// The strings of the page's language first (a small lazy chunk), then the page.
void initI18n(store).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
