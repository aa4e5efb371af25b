import { useTranslation } from 'react-i18next';
import type { ClassOver } from '../../store/classSlice';
import './class.css';

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
