import { useTranslation } from 'react-i18next';
import { useAllo } from './store';
import { Toolbox } from './features/toolbox/Toolbox';
import { EventLog } from './features/log/EventLog';

/** Page shell. Each feature owns its component under features/. */
export function App() {
  const { t } = useTranslation();
  const status = useAllo((s) => s.status);
  const lang = useAllo((s) => s.lang);
  const setLang = useAllo((s) => s.setLang);
  return (
    <div className="app">
      <header className="app-header">
        <h1>☎ {t('app.title')}</h1>
        <span className="tagline">{t('app.tagline')}</span>
        <span className={`status status-${status}`} role="status" data-testid="connection-status" data-status={status}>
          {t(`status.${status}`)}
        </span>
        <label className="lang">
          {t('lang.label')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'fr' ? 'fr' : 'en')}>
            <option value="fr">{t('lang.fr')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </label>
      </header>
      <main className="app-main">
        <Toolbox />
        <EventLog />
      </main>
    </div>
  );
}
