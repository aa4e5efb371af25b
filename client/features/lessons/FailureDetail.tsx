import { useTranslation } from '../../i18n/react';
import type { Failure } from '../../../shared/lessons/runner';
import { errorText } from '../../i18n/errors';
import { kindLabel } from '../log';

/**
 * Why a step failed, in the page's language: the server's error from its code
 * (+ reason), the events still awaited by their names, and the server's or the
 * runner's English sentence only on the English page.
 */
export function FailureDetail({ failure }: { failure: Failure }) {
  const { t, i18n } = useTranslation('lessons');
  let detail: string | undefined;
  if (failure.error) detail = errorText(failure.error, i18n);
  else if (failure.waiting) detail = failure.waiting.map((k) => kindLabel(k, t)).join(', ');
  else if (failure.reason !== 'check' && i18n.language === 'en') detail = failure.detail;
  if (!detail) return null;
  return <p className="muted">{t('detail', { detail })}</p>;
}
