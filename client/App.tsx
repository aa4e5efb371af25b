import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from './i18n/react';
import { useAllo } from './store';
import { AppHeader } from './components/AppHeader';
import { PanelBoundary } from './components/PanelBoundary';
import { registerShortcut } from './keyboard/shortcuts';
import { Toolbox } from './features/toolbox/Toolbox';
import { EventLog } from './features/log/EventLog';
import { Stage } from './features/stage/Stage';
import { Timeline } from './features/timeline/Timeline';
import { SessionNotice } from './connection/SessionNotice';
import { FollowStreamHost } from './features/stream';
import { ClassGate } from './features/class/ClassGate';

// Not on the first screen, or heavy: loaded on demand so the initial JS stays small.
const SequenceDiagram = lazy(() =>
  import('./features/sequence/SequenceDiagram').then((m) => ({ default: m.SequenceDiagram })),
);
const CompareView = lazy(() => import('./features/compare/CompareView').then((m) => ({ default: m.CompareView })));
const LessonPanel = lazy(() => import('./features/lessons/LessonPanel').then((m) => ({ default: m.LessonPanel })));
const ProjectorView = lazy(() => import('./features/class/ProjectorView').then((m) => ({ default: m.ProjectorView })));
const ClassPanel = lazy(() => import('./features/class/ClassPanel').then((m) => ({ default: m.ClassPanel })));
const CodeView = lazy(() => import('./features/code/CodeView').then((m) => ({ default: m.CodeView })));

/** `projector`: the class's projector view, on the teacher's page only. */
export type MainView = 'stage' | 'sequence' | 'compare' | 'projector';
/** `class`: the class's phone book (and the teacher's desk), in class mode only. */
type SideView = 'toolbox' | 'lessons' | 'class';

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
  const classRole = useAllo((s) => s.classInfo?.role);
  const sides: SideView[] = classRole ? ['toolbox', 'lessons', 'class'] : ['toolbox', 'lessons'];
  const shownMain = main === 'projector' && classRole !== 'teacher' ? 'stage' : main;
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
    <ClassGate>
      <div
        className={`app${shownMain === 'projector' ? ' is-projector' : ''}`}
        style={{ '--speed': speed } as React.CSSProperties}
      >
        <AppHeader view={shownMain} onView={setMain} />
        <SessionNotice />
        <aside className="app-side" aria-label={t('nav.side')}>
          <div role="tablist" aria-label={t('nav.side')}>
            {sides.map((v) => (
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
              <Suspense fallback={loading}>
                {side === 'toolbox' ? <Toolbox /> : side === 'class' ? <ClassPanel /> : <LessonPanel />}
              </Suspense>
            </PanelBoundary>
          </div>
        </aside>
        <main className="app-main">
          <PanelBoundary key={shownMain} name="main">
            <Suspense fallback={loading}>
              {shownMain === 'stage' && <Stage />}
              {shownMain === 'sequence' && <SequenceDiagram />}
              {shownMain === 'compare' && <CompareView />}
              {shownMain === 'projector' && <ProjectorView />}
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
        <FollowStreamHost />
      </div>
    </ClassGate>
  );
}
