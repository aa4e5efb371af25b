import { useTranslation } from '../../i18n/react';
import { currentStep, nextAction } from '../../../shared/lessons/runner';
import { useAllo } from '../../store';
import type { LessonController } from './controller';
import { typeset } from '../../i18n/typography';
import { CheckList } from './CheckList';
import { FailureDetail } from './FailureDetail';

/** The step being followed: what it does, the phone analogy, what to observe, and the controls. */
export function LessonStep({ controller }: { controller: LessonController }) {
  const { t } = useTranslation('lessons');
  const lang = useAllo((s) => s.lang);
  const run = useAllo((s) => s.lessonRun);
  if (!run) return null;
  const step = currentStep(run);
  const total = run.lesson.steps.length;
  const action = nextAction(run);
  const nextLabel =
    action === 'advance'
      ? t('advance')
      : action === 'finished'
        ? t('finished')
        : action === 'busy'
          ? t('running')
          : t('run');
  return (
    <>
      <button type="button" className="lesson-back" onClick={() => void controller.leave()}>
        {t('back')}
      </button>
      <h2 id="lessons-title" className="panel-title">
        {typeset(run.lesson.title[lang], lang)}
      </h2>
      <ol className="lesson-progress" aria-label={t('stepOf', { n: run.index + 1, total })}>
        {run.lesson.steps.map((s, i) => (
          <li
            key={i}
            className={`dot ${run.outcomes[i] ?? ''} ${i === run.index ? 'current' : ''}`}
            title={`${i + 1}. ${typeset(s.title[lang], lang)}${run.outcomes[i] === 'skipped' ? ` (${t('skipped')})` : ''}`}
          />
        ))}
      </ol>
      <article
        className={`lesson-step status-${run.status}`}
        data-testid="lesson-step"
        data-lesson={run.lesson.id}
        data-step={run.index}
        data-steps={total}
        data-status={run.status}
      >
        {/* Announce progress only, not the whole step on every change. */}
        <p className="lesson-step-count" aria-live="polite">
          {t('stepOf', { n: run.index + 1, total })} ·{' '}
          <span className="lesson-status" data-testid="lesson-status">
            {run.status === 'done' && run.checks?.some((c) => c.skipped)
              ? t('status.doneNotOnWire')
              : t(`status.${run.status}`)}
          </span>
        </p>
        <h3 className="lesson-step-title">{typeset(step.title[lang], lang)}</h3>
        {run.status === 'failed' && run.failure && (
          <div
            role="alert"
            className="alert lesson-failure"
            data-testid="lesson-failure"
            data-reason={run.failure.reason}
          >
            <p>
              <strong>{t(`failure.${run.failure.reason}`)}</strong>
              {run.failure.code ? <code> {run.failure.code}</code> : null}
            </p>
            <FailureDetail failure={run.failure} />
            <p>{t('wayOn')}</p>
            <div className="lesson-way-on">
              <button
                type="button"
                className="btn-primary"
                data-testid="lesson-retry"
                onClick={() => void controller.retry()}
              >
                {t('retry')}
              </button>
              <button
                type="button"
                data-testid="lesson-skip"
                disabled={run.index === total - 1}
                onClick={() => controller.skip()}
              >
                {t('skip')}
              </button>
              <button type="button" data-testid="lesson-restart-failed" onClick={() => void controller.restart()}>
                {t('restart')}
              </button>
            </div>
          </div>
        )}
        <p>{typeset(step.narration[lang], lang)}</p>
        <p className="lesson-analogy">
          <span aria-hidden="true">☎ </span>
          <strong>{t('analogy')}</strong> {typeset(step.analogy[lang], lang)}
        </p>
        <p className="lesson-observe">
          <strong>{t('observe')}</strong> {typeset(step.check.observe[lang], lang)}
        </p>
        {run.checks && <CheckList checks={run.checks} />}
      </article>
      <div className="lesson-controls">
        <button
          type="button"
          data-testid="lesson-previous"
          disabled={run.index === 0 || action === 'busy'}
          onClick={() => controller.previous()}
        >
          {t('previous')}
        </button>
        <button
          type="button"
          className="btn-primary"
          data-testid="lesson-next"
          data-action={action}
          disabled={action === 'busy' || action === 'finished' || action === 'blocked'}
          onClick={() => void controller.next()}
        >
          {nextLabel}
        </button>
        <button
          type="button"
          data-testid="lesson-restart"
          title={t('restartHelp')}
          disabled={action === 'busy'}
          onClick={() => void controller.restart()}
        >
          {t('restart')}
        </button>
      </div>
    </>
  );
}
