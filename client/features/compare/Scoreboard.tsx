import { useTranslation } from '../../i18n/react';
import type { CompareScore, LaneScore } from '../../../shared/compare/scoreboard';
import { formFrom } from './form';
import { METRICS, type Metric } from './metrics';
import { summary } from './summary';

/** A metric's raw value, for the page contract (data-value) and tests. */
function raw(score: CompareScore, s: LaneScore, m: Metric): string {
  // Retransmissions are TCP's (UDP never resends); over the relays alone the kernel had nothing to resend.
  if (m === 'retransmits' || m === 'bytesResent') {
    if (s.lane === 'udp') return '';
    return String(m === 'retransmits' ? score.retransmissions.segments : score.retransmissions.bytes);
  }
  const v = s[m];
  return v === null ? '' : typeof v === 'number' ? String(Math.round(v * 10) / 10) : v;
}

/** The live scoreboard: one column per lane, one row per measure, all counted from the events. */
export function Scoreboard({ score }: { score: CompareScore | null }) {
  const { t } = useTranslation('compare');
  if (!score) return null;
  const cell = (s: LaneScore, m: Metric) => {
    const value = raw(score, s, m);
    let shown: string;
    if (m === 'boundaries') shown = t(`boundaries.${s.boundaries}`, { chunks: s.chunks, sends: s.sends });
    else if (m === 'latencyP50' || m === 'latencyP95' || m === 'latencyMax') shown = value === '' ? '—' : `${value} ms`;
    else if (m === 'retransmits' || m === 'bytesResent')
      shown = s.lane === 'udp' ? t('neverResent') : m === 'bytesResent' ? `${value} B` : value;
    else shown = value;
    const bad =
      ((m === 'lost' || m === 'duplicated' || m === 'outOfOrder') && s[m] > 0) ||
      (m === 'retransmits' && Number(value) > 0);
    return (
      <td
        key={s.lane}
        data-testid="score"
        data-lane={s.lane}
        data-metric={m}
        data-value={value}
        className={bad ? 'cmp-bad' : undefined}
      >
        {shown}
      </td>
    );
  };
  return (
    <table className="cmp-score" aria-label={t('scoreboard')}>
      <caption>
        {t('scoreCaption', { run: score.run })} ·{' '}
        <span data-testid="compare-status" data-status={score.ended?.reason ?? 'running'}>
          {t(`status.${score.ended?.reason ?? 'running'}`)}
        </span>
        <span className="cmp-run-summary muted">{summary(formFrom(score.script, score.link), t)}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">{t('measure')}</span>
          </th>
          <th scope="col">TCP</th>
          <th scope="col">UDP</th>
        </tr>
      </thead>
      <tbody>
        {METRICS.map((m) => (
          <tr key={m}>
            <th scope="row" title={t(`metricHint.${m}`)}>
              {t(`metric.${m}`)}
            </th>
            {cell(score.tcp, m)}
            {cell(score.udp, m)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
