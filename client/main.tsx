import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { store } from './store';
import { wireConnection } from './connection/wire';
import { initI18n } from './i18n';
import { App } from './App';
// The page-wide CSS, after every feature's (App's imports bring those in first): this order is the cascade's.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/blocks.css';
import './styles/shell.css';
import './styles/layouts.css';
import './styles/motion.css';
import './styles/panelFailed.css';

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
