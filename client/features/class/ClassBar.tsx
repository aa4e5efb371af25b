import { useTranslation } from '../../i18n/react';
import { useAllo } from '../../store';
// The class's CSS, all of it and in this order, from each of its views: the first loaded brings it whole.
import './joinPage.css';
import './classBar.css';
import './classPanel.css';
import './projectorView.css';

/** Under the header in class mode: that this page is in a class and as whom; frozen; on the projector. */
export function ClassBar() {
  const { t } = useTranslation('class');
  const info = useAllo((s) => s.classInfo);
  if (!info || info.role === 'guest') return null;
  // A student's page hears of the spotlight only when it is on them.
  const spotlighted = info.role === 'student' && info.spotlight !== undefined;
  return (
    <div className="class-bar" data-testid="class-bar" data-role={info.role} data-frozen={info.frozen}>
      <span className="class-who" data-testid="class-who">
        {info.role === 'teacher' ? t('bar.teacher') : t('bar.student', { name: info.name ?? '' })}
      </span>
      {info.frozen && (
        <span className="class-banner is-frozen" role="alert" data-testid="class-frozen">
          <span aria-hidden="true">❄ </span>
          {info.role === 'teacher' ? t('bar.frozenTeacher') : t('bar.frozen')}
        </span>
      )}
      {spotlighted && (
        <span className="class-banner is-spotlight" role="status" data-testid="class-spotlighted">
          <span aria-hidden="true">★ </span>
          {t('bar.spotlighted')}
        </span>
      )}
    </div>
  );
}
