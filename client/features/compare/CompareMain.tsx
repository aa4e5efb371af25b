import { useTranslation } from '../../i18n/react';
import { CompareLegend } from './CompareLegend';
import { LatencyHistogram } from './LatencyHistogram';
import { LinkControls } from './LinkControls';
import { LinkPathNote } from './LinkPathNote';
import { Lane } from './Lane';
import { Scoreboard } from './Scoreboard';
import { useCompareScore } from './useCompare';
import { loadCompareStrings } from './i18n';
// The view's CSS, a file per component, imported here in cascade order.
import './compare.css';
import './linkControls.css';
import './lane.css';
import './messageStrip.css';
import './scoreboard.css';
import './linkPathNote.css';
import './latencyHistogram.css';
import './retransmitMarks.css';
import './compareLegend.css';

loadCompareStrings();

/**
 * TCP and UDP side by side: the same messages on real sockets, each lane
 * through its own relay on the same degraded link, at the timeline cursor.
 */
export default function CompareMain() {
  const { t } = useTranslation('compare');
  const { score, cursorT } = useCompareScore();
  return (
    <section
      className="compare panel"
      aria-labelledby="compare-title"
      data-testid="compare"
      data-run={score?.run ?? ''}
      data-ended={score?.ended?.reason ?? ''}
    >
      <header className="cmp-head">
        <h2 id="compare-title" className="panel-title">
          {t('title')}
        </h2>
        <span className="muted cmp-intro">{t('intro')}</span>
      </header>
      <div className="cmp-body">
        <LinkPathNote score={score} />
        <LinkControls score={score} />
        <div className="cmp-lanes">
          <div className="cmp-lane-stack">
            <Lane lane="tcp" score={score} cursorT={cursorT} />
            <Lane lane="udp" score={score} cursorT={cursorT} />
          </div>
          <div className="cmp-side">
            <Scoreboard score={score} />
            {score && <LatencyHistogram score={score} />}
          </div>
        </div>
        <CompareLegend />
      </div>
    </section>
  );
}
