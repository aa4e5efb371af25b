import { useTranslation } from 'react-i18next';
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
          <li key={i} className={c.ok ? 'ok' : 'bad'} data-testid="lesson-check" data-ok={c.ok}>
            <span aria-hidden="true">{c.ok ? t('checkOk') : t('checkBad')} </span>
            <code>{run ? describeAssertion(c, { lesson: run.lesson, refs: run.refs, lang, t }) : null}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
