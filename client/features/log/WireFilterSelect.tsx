import { useTranslation } from '../../i18n/react';
import { WIRE_FILTERS, type WireFilter } from './logFilter';

/** With the kind "segment" chosen: only segments with a flag (SYN, FIN, RST), carrying data, or a capture mark. */
export function WireFilterSelect({
  value,
  onChange,
}: {
  value: WireFilter | null;
  onChange(f: WireFilter | null): void;
}) {
  const { t } = useTranslation('log');
  return (
    <label>
      <span className="sr-only">{t('filter.wire')}</span>
      <select
        value={value ?? ''}
        onChange={(e) => onChange((e.target.value || null) as WireFilter | null)}
        aria-label={t('filter.wire')}
        data-testid="log-wire-filter"
      >
        <option value="">{t('filter.allSegments')}</option>
        {WIRE_FILTERS.map((f) => (
          <option key={f} value={f}>
            {f === 'SYN' || f === 'FIN' || f === 'RST' ? f : f === 'data' ? t('filter.withData') : t(`wire:mark.${f}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
