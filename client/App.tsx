import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllo } from './store';
import { AppHeader } from './components/AppHeader';
import { PanelBoundary } from './components/PanelBoundary';
import { registerShortcut } from './keyboard/shortcuts';
import { Toolbox } from './features/toolbox/Toolbox';
import { EventLog } from './features/log/EventLog';
import { Stage } from './features/stage/Stage';
import { Timeline } from './features/timeline/Timeline';
import { SessionNotice } from './connection/SessionNotice';

// Not on the first screen, or heavy: loaded on demand so the initial JS stays small.
const SequenceDiagram = lazy(() =>
  import('./features/sequence/SequenceDiagram').then((m) => ({ default: m.SequenceDiagram })),
);
const CompareView = lazy(() => import('./features/compare/CompareView').then((m) => ({ default: m.CompareView })));
const LessonPanel = lazy(() => import('./features/lessons/LessonPanel').then((m) => ({ default: m.LessonPanel })));
const CodeView = lazy(() => import('./features/code/CodeView').then((m) => ({ default: m.CodeView })));

export type MainView = 'stage' | 'sequence' | 'compare';
type SideView = 'toolbox' | 'lessons';

/**
 * Page shell. Each feature owns its component under features/; the shell only
 * lays them out: header, side panel (toolbox | lessons), main view (stage |
 * sequence | compare), right column (code, event log), timeline at the bottom.
 */
export function App() {
  const { t } = useTranslation();
  const largeText = useAllo((s) => s.largeText);
  const speed = useAllo((s) => s.speed);
  const [main, setMain] = useState<MainView>('stage');
  const [side, setSide] = useState<SideView>('toolbox');
  // 1, 2, 3: the three main views, listed in the help overlay (`?`) with the timeline's keys.
  useEffect(() => {
    const views: MainView[] = ['stage', 'sequence', 'compare'];
    const offs = views.map((v, i) =>
      registerShortcut({
        key: String(i + 1),
        description: `common:shortcut.${v}`,
        group: 'common:shortcut.group',
        run: () => setMain(v),
      }),
    );
    return () => offs.forEach((off) => off());
  }, []);
  // rem sizes follow the root element, so large text is a class on <html>.
  useEffect(() => {
    document.documentElement.classList.toggle('large-text', largeText);
  }, [largeText]);
  const loading = <p className="muted">{t('loading')}</p>;
  return (
    <div className="app" style={{ '--speed': speed } as React.CSSProperties}>
      <AppHeader view={main} onView={setMain} />
      <SessionNotice />
      <aside className="app-side" aria-label={t('nav.side')}>
        <div role="tablist" aria-label={t('nav.side')}>
          {(['toolbox', 'lessons'] as const).map((v) => (
            <button
              key={v}
              role="tab"
              id={`tab-${v}`}
              aria-controls="side-panel"
              aria-selected={side === v}
              onClick={() => setSide(v)}
            >
              {t(`nav.${v}`)}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="side-panel" aria-labelledby={`tab-${side}`}>
          <PanelBoundary key={side} name="side">
            <Suspense fallback={loading}>{side === 'toolbox' ? <Toolbox /> : <LessonPanel />}</Suspense>
          </PanelBoundary>
        </div>
      </aside>
      <main className="app-main">
        <PanelBoundary key={main} name="main">
          <Suspense fallback={loading}>
            {main === 'stage' && <Stage />}
            {main === 'sequence' && <SequenceDiagram />}
            {main === 'compare' && <CompareView />}
          </Suspense>
        </PanelBoundary>
      </main>
      <aside className="app-right" aria-label={t('nav.right')}>
        <PanelBoundary name="code">
          <Suspense fallback={loading}>
            <CodeView />
          </Suspense>
        </PanelBoundary>
        <EventLog />
      </aside>
      <footer className="app-timeline">
        <Timeline />
      </footer>
    </div>
  );
}
