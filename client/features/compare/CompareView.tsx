import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';

// The compare view is not on the first screen: its code loads when it is opened.
const CompareMain = lazy(() => import('./CompareMain'));

/** TCP and UDP side by side over a link you can degrade (mounted by App as the 'compare' view). */
export function CompareView() {
  const { t } = useTranslation('compare');
  const fallback = (
    <section className="panel" aria-busy="true">
      {t('loading')}
    </section>
  );
  return (
    <LoadGuard
      failed={
        <section className="panel alert" role="alert">
          {t('loadFailed')}
        </section>
      }
    >
      <Suspense fallback={fallback}>
        <CompareMain />
      </Suspense>
    </LoadGuard>
  );
}

/**
 * A chunk that fails to load (the server was restarted with a new build, the
 * network dropped) costs this view only, not the whole page.
 */
class LoadGuard extends Component<{ failed: ReactNode; children: ReactNode }, { error: boolean }> {
  override state = { error: false };
  static getDerivedStateFromError(): { error: boolean } {
    return { error: true };
  }
  override render() {
    return this.state.error ? this.props.failed : this.props.children;
  }
}
