import { useTranslation } from '../../i18n/react';

const MARKS = ['delivered', 'late', 'lost', 'duplicate', 'flying', 'retransmit'] as const;

/** What every mark of the lanes means, in words, once. */
export function CompareLegend() {
  const { t } = useTranslation('compare');
  return (
    <ul className="cmp-legend" aria-label={t('legend.title')} data-testid="compare-legend">
      {MARKS.map((m) => (
        <li key={m} data-mark={m}>
          <span className={`cmp-legend-mark cmp-legend-${m}`} aria-hidden="true" />
          {t(`legend.${m}`)}
        </li>
      ))}
    </ul>
  );
}
