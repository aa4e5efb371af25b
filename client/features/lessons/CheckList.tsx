import { useTranslation } from '../../i18n/react';
import type { AssertionResult } from '../../../shared/lessons/checks';
import { useAllo } from '../../store';
import { describeAssertion } from './describe';

/** The check's assertions, each with its verdict on the real events. */
export function CheckList({ checks }: { checks: readonly AssertionResult[] }) {
  const { t } = useTranslation('lessons');
  const run = useAllo((s) => s.lessonRun);
  const lang = useAllo((s) => s.lang);
  return (
    <div className="lesson-checks">
      <p className="muted">{t('checksPassed')}</p>
      <ul>
        {checks.map((c, i) => (
          // A check on packets where the server captures none is not passed: it is not checked, and says why.
          <li
            key={i}
            className={c.skipped ? 'skipped' : c.ok ? 'ok' : 'bad'}
            data-testid="lesson-check"
            data-ok={c.ok}
            data-skipped={c.skipped}
          >
            <span aria-hidden="true">{c.skipped ? t('checkSkipped') : c.ok ? t('checkOk') : t('checkBad')} </span>
            <code>{run ? describeAssertion(c, { lesson: run.lesson, refs: run.refs, lang, t }) : null}</code>
            {c.skipped && <span className="lesson-check-why"> {t('checkSkippedCapture')}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
