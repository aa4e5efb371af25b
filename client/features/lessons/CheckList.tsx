import { useTranslation } from 'react-i18next';
import type { AssertionResult } from '../../../shared/lessons/checks';
import { describeAssertion } from './describe';

/** The check's assertions, each with its verdict on the real events. */
export function CheckList({ checks }: { checks: readonly AssertionResult[] }) {
  const { t } = useTranslation('lessons');
  return (
    <div className="lesson-checks">
      <p className="muted">{t('checksPassed')}</p>
      <ul>
        {checks.map((c, i) => (
          <li key={i} className={c.ok ? 'ok' : 'bad'} data-testid="lesson-check" data-ok={c.ok}>
            <span aria-hidden="true">{c.ok ? t('checkOk') : t('checkBad')} </span>
            <code>{describeAssertion(c)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
