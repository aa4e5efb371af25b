import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllo } from './store';
import { Toolbox } from './features/toolbox/Toolbox';
import { EventLog } from './features/log/EventLog';
import { Stage } from './features/stage/Stage';
import { Timeline } from './features/timeline/Timeline';
import { SequenceDiagram } from './features/sequence/SequenceDiagram';
import { LessonPanel } from './features/lessons/LessonPanel';
import { CodeView } from './features/code/CodeView';
import { CompareView } from './features/compare/CompareView';

type MainView = 'stage' | 'sequence' | 'compare';
type SideView = 'toolbox' | 'lessons';

/**
 * Page shell. Each feature owns its component under features/; the shell only
 * lays them out: header, side panel (toolbox | lessons), main view (stage |
 * sequence | compare), right column (code, event log), timeline at the bottom.
 */
export function App() {
  const { t } = useTranslation();
  const status = useAllo((s) => s.status);
  const lang = useAllo((s) => s.lang);
  const setLang = useAllo((s) => s.setLang);
  const [main, setMain] = useState<MainView>('stage');
  const [side, setSide] = useState<SideView>('toolbox');
  return (
    <div className="app">
      <header className="app-header">
        <h1>☎ {t('app.title')}</h1>
        <span className="tagline">{t('app.tagline')}</span>
        <nav aria-label={t('nav.views')}>
          {(['stage', 'sequence', 'compare'] as const).map((v) => (
            <button key={v} aria-pressed={main === v} onClick={() => setMain(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </nav>
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
      <aside className="app-side">
        <div role="tablist">
          {(['toolbox', 'lessons'] as const).map((v) => (
            <button key={v} role="tab" aria-selected={side === v} onClick={() => setSide(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </div>
        {side === 'toolbox' ? <Toolbox /> : <LessonPanel />}
      </aside>
      <main className="app-main">
        {main === 'stage' && <Stage />}
        {main === 'sequence' && <SequenceDiagram />}
        {main === 'compare' && <CompareView />}
      </main>
      <aside className="app-right">
        <CodeView />
        <EventLog />
      </aside>
      <footer className="app-timeline">
        <Timeline />
      </footer>
    </div>
  );
}
