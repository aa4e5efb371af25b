import { useTranslation } from '../../i18n/react';
import type { CompareScore } from '../../../shared/compare/scoreboard';

/**
 * The TCP lane's retransmissions on the run's time axis: one mark each time
 * the kernel's counter went up (sampled every 100 ms with `ss -ti` in the
 * lanes' namespace), up to the timeline cursor.
 */
export function RetransmitMarks({ score, cursorT }: { score: CompareScore; cursorT: number }) {
  const { t } = useTranslation('compare');
  const r = score.retransmissions;
  if (score.path.mode !== 'kernel') return null;
  const t0 = score.started.t;
  const t1 = Math.max(t0 + 1, score.ended?.t ?? cursorT, ...r.marks.map((m) => m.t));
  const shown = r.marks.filter((m) => m.t <= cursorT);
  return (
    <div className="cmp-retrans" data-testid="retransmits" data-segments={r.segments} data-bytes={r.bytes}>
      <span className="cmp-retrans-label">
        {t('retransmits.label', { count: r.segments, bytes: r.bytes, dropped: r.dropped })}
      </span>
      <div className="cmp-retrans-axis" aria-hidden="true">
        {shown.map((m) => (
          <span
            key={m.t}
            className="cmp-retrans-mark"
            data-testid="retransmit-mark"
            data-segments={m.segments}
            style={{ insetInlineStart: `${((m.t - t0) / (t1 - t0)) * 100}%` }}
            title={t('retransmits.mark', { count: m.segments, ms: Math.round(m.t - t0) })}
          >
            ↻
          </span>
        ))}
      </div>
    </div>
  );
}
