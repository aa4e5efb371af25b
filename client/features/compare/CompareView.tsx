import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

// The compare view is not on the first screen: its code loads when it is opened.
const CompareMain = lazy(() => import('./CompareMain'));

/** TCP and UDP side by side over a link you can degrade (mounted by App as the 'compare' view). */
export function CompareView() {
  const { t } = useTranslation('compare');
  return (
    <Suspense fallback={<section className="panel" aria-busy="true">{t('loading')}</section>}>
      <CompareMain />
    </Suspense>
  );
}
