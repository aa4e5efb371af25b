import { useTranslation } from '../../i18n/react';
import { latencyHistogram, type CompareScore } from '../../../shared/compare/scoreboard';

const BINS = 8;

/**
 * Both lanes' latencies on one axis: a class sees TCP's long tail (the
 * messages that waited for a retransmission) beside UDP's holes.
 */
export function LatencyHistogram({ score }: { score: CompareScore }) {
  const { t } = useTranslation('compare');
  const h = latencyHistogram(score, BINS);
  if (!h) return null;
  const top = Math.max(1, ...h.tcp, ...h.udp);
  const ms = (v: number) => `${Math.round(v)}`;
  return (
    <figure className="cmp-histo" data-testid="latency-histogram" data-bins={BINS}>
      <figcaption>{t('histogram.title')}</figcaption>
      <table className="cmp-histo-table">
        <thead>
          <tr>
            <th scope="col">{t('histogram.range')}</th>
            <th scope="col">TCP</th>
            <th scope="col">UDP</th>
          </tr>
        </thead>
        <tbody>
          {h.tcp.map((tcp, i) => {
            const udp = h.udp[i]!;
            return (
              <tr key={i} data-testid="histogram-bin" data-tcp={tcp} data-udp={udp}>
                <th scope="row" className="mono">
                  {ms(h.edges[i]!)}–{ms(h.edges[i + 1]!)} ms
                </th>
                <td>
                  <span className="cmp-bar cmp-bar-tcp" style={{ inlineSize: `${(tcp / top) * 100}%` }} />
                  <span className="cmp-bar-n">{tcp}</span>
                </td>
                <td>
                  <span className="cmp-bar cmp-bar-udp" style={{ inlineSize: `${(udp / top) * 100}%` }} />
                  <span className="cmp-bar-n">{udp}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
