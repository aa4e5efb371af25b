import { useTranslation } from '../i18n/react';
import { useAllo } from '../store';
import type { Lang } from '../store/uiSlice';
import type { MainView } from '../App';
import { PresenterToggle } from './PresenterToggle';
import { ClassBar } from '../features/class/ClassBar';

const VIEWS: readonly MainView[] = ['stage', 'sequence', 'compare'];
const LANGS: readonly Lang[] = ['fr', 'en'];

/** Title, views, connection status, large text and language (both persisted). */
export function AppHeader({ view, onView }: { view: MainView; onView(v: MainView): void }) {
  const { t } = useTranslation();
  const status = useAllo((s) => s.status);
  const missed = useAllo((s) => s.missed);
  const lang = useAllo((s) => s.lang);
  const setLang = useAllo((s) => s.setLang);
  const largeText = useAllo((s) => s.largeText);
  // The class's projector view is the teacher's alone.
  const views = useAllo((s) => s.classInfo?.role) === 'teacher' ? [...VIEWS, 'projector' as const] : VIEWS;
  const setLargeText = useAllo((s) => s.setLargeText);
  return (
    <header className="app-header">
      <h1>
        <span aria-hidden="true">☎ </span>
        {t('app.title')}
      </h1>
      <span className="tagline">{t('app.tagline')}</span>
      <nav aria-label={t('nav.views')}>
        {views.map((v) => (
          <button key={v} aria-pressed={view === v} onClick={() => onView(v)}>
            {t(`nav.${v}`)}
          </button>
        ))}
      </nav>
      <span className={`status status-${status}`} role="status" data-testid="connection-status" data-status={status}>
        {t(`status.${status}`)}
      </span>
      {missed > 0 && (
        <span
          className="status status-missed"
          role="note"
          data-testid="missed-events"
          data-missed={missed}
          title={t('missed.hint')}
        >
          {t('missed.label', { count: missed })}
        </span>
      )}
      <div className="header-tools">
        <PresenterToggle />
        <button aria-pressed={largeText} onClick={() => setLargeText(!largeText)} title={t('largeText.hint')}>
          <span aria-hidden="true">A</span>
          <span aria-hidden="true" style={{ fontSize: '1.3em' }}>
            A
          </span>{' '}
          {t('largeText.label')}
        </button>
        <div className="segmented" role="group" aria-label={t('lang.label')}>
          {LANGS.map((l) => (
            <button key={l} lang={l} aria-pressed={lang === l} onClick={() => setLang(l)} aria-label={t(`lang.${l}`)}>
              {l.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      <ClassBar />
    </header>
  );
}
