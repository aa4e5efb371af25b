import { useTranslation } from '../../i18n/react';
import type { ClassOver } from '../../store/classSlice';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

/** The class is over for this page (ended, or this student removed): said plainly, with nothing live left. */
export function ClassOverPage({ over }: { over: ClassOver }) {
  const { t } = useTranslation('class');
  return (
    <main className="class-join" aria-labelledby="class-over-title">
      <div className="class-join-card panel" role="alert" data-testid="class-over" data-reason={over}>
        <h1 id="class-over-title">
          <span aria-hidden="true">☎ </span>
          {t(`over.${over}.title`)}
        </h1>
        <p>{t(`over.${over}.text`)}</p>
      </div>
    </main>
  );
}
